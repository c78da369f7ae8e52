// The JSON form of the article model (documented in docs/output.md). Version 1.
#pragma once

#include "cli/printer.h"
#include "indexer/article.h"

namespace citedex::cli {

inline constexpr int kArticleJsonVersion = 1;

Json article_to_json(const Article& article);

}  // namespace citedex::cli
