// In-text attribution: claims that name their source in the sentence itself
// ("according to SOHR", "(per SOHR)", "Al-Masdar News cited local sources", "were
// reported killed … by the SOHR"). A mere mention that attributes nothing ("the
// Syrian Observatory, based in Coventry") does not count.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "indexer/article.h"
#include "indexer/outlet_table.h"

namespace citedex {

// One explicit cue. `before` cues precede the outlet name ("according to", "per");
// `after` cues follow it as a reporting verb ("reported", "said"…); `reported by`
// needs a reporting word earlier in the sentence and "by (the)" right before the name.
struct AttributionCue {
  enum class Position { before, after, reported_by };
  Position position;
  std::string_view words;  // lowercase, e.g. "according to"
};

// Every cue citedex recognises, in one place.
std::span<const AttributionCue> attribution_cues();

// Finds the attributions in one claim's text (markers already removed). Each has the
// outlet's canonical name, the cue as listed in attribution_cues(), and the offset of
// the outlet's name in the text, in Unicode code points.
std::vector<Attribution> find_attributions(std::string_view text, const OutletTable& table);

}  // namespace citedex
