#include "search/highlight_stemmer.h"

#include <bitset>
#include <unordered_map>

namespace citedex {

namespace {

class QueryWordStemmer : public Xapian::StemImplementation {
 public:
  explicit QueryWordStemmer(const std::vector<std::string>& query_terms) {
    first_bytes_.set(static_cast<unsigned char>('\''));
    for (const auto& term : query_terms) {
      size_t i = 0;
      while (i < term.size() && term[i] >= 'A' && term[i] <= 'Z') ++i;
      if (i < term.size()) first_bytes_.set(static_cast<unsigned char>(term[i]));
    }
  }

  std::string operator()(const std::string& word) override {
    if (word.empty() || !first_bytes_.test(static_cast<unsigned char>(word[0]))) return word;
    auto [it, inserted] = cache_.try_emplace(word);
    if (inserted) it->second = english_(word);
    return it->second;
  }

  std::string get_description() const override { return "english, query words only"; }

 private:
  Xapian::Stem english_{"english"};
  std::bitset<256> first_bytes_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace

Xapian::Stem highlight_stemmer(const std::vector<std::string>& query_terms) {
  return Xapian::Stem(new QueryWordStemmer(query_terms));
}

}  // namespace citedex
