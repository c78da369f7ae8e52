#pragma once
// Exact facet counting during a match: one Xapian::MatchSpy that reads the facet row of
// each matching document (one value slot holding every facet's value, schema.h) and
// counts the values of the facets asked for.
//
// Why not Xapian::ValueCountMatchSpy: one spy per facet slot costs one value-stream
// read, a virtual call and a std::map search per facet and match; one spy per row slot
// would count whole rows, and rows differ from claim to claim (their outlets and years
// do), leaving ~100k distinct rows to split afterwards. This spy reads the row once,
// cuts it into the facets asked for, and counts each in a hash table looked up by
// string_view, after comparing with the previous match's value: matches arrive in docid
// order, and a claim's article and section equal those of the claim before it.
//
// Contract: counts(i) holds, for the i-th facet index given to the constructor (an
// index into kFacets), every non-empty value seen in the rows with the number of
// matching documents holding it — what ValueCountMatchSpy on that facet's own slot
// reports (multi-valued sets are left joined; split them afterwards). The spy cannot
// be serialised, so it cannot run against remote shards (xapian-tcpsrv):
// Enquire::get_mset then throws Xapian::UnimplementedError, and the caller falls back
// to ValueCountMatchSpy on the row slot.
#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace citedex {

class FacetSpy : public Xapian::MatchSpy {
 public:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Counts = std::unordered_map<std::string, Xapian::doccount, Hash, std::equal_to<>>;

  // `row_slot`: the slot holding facet rows; `facets`: indexes into kFacets.
  FacetSpy(Xapian::valueno row_slot, std::vector<size_t> facets);

  void operator()(const Xapian::Document& doc, double weight) override;
  std::string get_description() const override;

  // Value → number of matching documents, for the i-th facet given to the constructor.
  const Counts& counts(size_t i) const { return facets_[i].counts; }

 private:
  struct Facet {
    size_t index;  // into kFacets, i.e. the field's place in the row
    Counts counts;
    std::string last_value;
    Xapian::doccount* last_count = nullptr;  // counts[last_value]; nodes never move
  };
  Xapian::valueno row_slot_;
  std::vector<Facet> facets_;
};

}  // namespace citedex
