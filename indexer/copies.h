// Several copies of one article (a mirror, a flattened page, a plain-text copy…)
// often come together. What one copy lost, another may keep.
#pragma once

#include <string>
#include <vector>

#include "indexer/article.h"

namespace citedex {

// The key under which copies of one article meet: the title, case-folded with
// spaces collapsed.
std::string copy_key(const Article& article);

// For every article with lost section headings, finds another copy of the same
// article (same copy_key) whose headings are known and takes the headings that sit
// between the same neighbouring known headings, when their number matches the number
// of lost ones. Also takes heading levels for headings whose level the copy lost.
// Recovered sections get heading_from = "recovered"; claims in them get the heading;
// the article gets a warning naming the copy used. Returns the number recovered.
size_t recover_lost_headings(std::vector<Article>& articles);

}  // namespace citedex
