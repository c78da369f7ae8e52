// Human-readable text for an article record (the JSON of article_json.h).
#pragma once

#include <ostream>

#include "cli/printer.h"

namespace citedex::cli {

struct ArticleTextOptions {
  bool full = false;         // every claim and reference, not a summary
  size_t sample_claims = 3;  // claims shown in a summary
};

void render_article_text(std::ostream& out, const Json& article, const ArticleTextOptions& options);

}  // namespace citedex::cli
