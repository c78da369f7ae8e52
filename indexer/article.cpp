#include "indexer/article.h"

namespace citedex {

const Reference* find_reference(const Article& article, const std::string& label) {
  for (const auto& ref : article.references)
    if (ref.label == label) return &ref;
  return nullptr;
}

}  // namespace citedex
