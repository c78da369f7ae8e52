#include "indexer/schema.h"

#include <cstdio>
#include <filesystem>

#include "indexer/names.h"
#include "indexer/text_util.h"

namespace citedex {

std::string term_key(std::string_view name) {
  std::string key = normalize_name(name);
  for (char& c : key)
    if (c == ' ') c = '-';
  // Xapian terms are at most 245 bytes; keys this long are titles, unique well before.
  if (key.size() > 200) key.resize(200);
  return key;
}

std::string source_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return path;  // no working directory: the path as given is all there is
  // ".." after a symlink leads where the link's target says, not to the lexical parent:
  // such a path is resolved on the file system (weakly_canonical resolves every link).
  bool has_dotdot = false;
  for (const auto& part : absolute) has_dotdot = has_dotdot || part == "..";
  fs::path normal = absolute.lexically_normal();
  if (has_dotdot) {
    fs::path resolved = fs::weakly_canonical(absolute, ec);
    if (!ec) normal = resolved;
  }
  if (!normal.has_filename() && normal.has_parent_path() && normal != normal.root_path())
    normal = normal.parent_path();  // "dir/" → "dir"
  return normal.string();
}

std::string source_key(std::string_view path) {
  if (path.size() <= kSourceKeyMax) return std::string(path);
  size_t cut = kSourceKeyMax - 20;
  while (cut > 0 && (static_cast<unsigned char>(path[cut]) & 0xC0) == 0x80) --cut;
  char hash[18];
  std::snprintf(hash, sizeof hash, "#%016llx", static_cast<unsigned long long>(fnv1a64(path)));
  return std::string(path.substr(0, cut)) + hash;
}

std::string facet_row(const std::array<std::string, kFacets.size()>& values) {
  std::string row;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) row += '\x1e';
    row += values[i];
  }
  return row;
}

std::string_view facet_of_row(std::string_view row, size_t index) {
  for (size_t i = 0; i < index; ++i) {
    size_t sep = row.find('\x1e');
    if (sep == std::string_view::npos) return {};
    row.remove_prefix(sep + 1);
  }
  return row.substr(0, row.find('\x1e'));
}

std::string join_value_set(const std::set<std::string>& items) {
  std::string s;
  for (const auto& i : items) {
    if (!s.empty()) s.push_back('\x1f');
    s += i;
  }
  return s;
}

std::vector<std::string> split_value_set(std::string_view value) {
  std::vector<std::string> items;
  for (auto item : split(value, '\x1f'))
    if (!item.empty()) items.emplace_back(item);
  return items;
}

const FieldSpec* find_field(std::string_view name) {
  for (const auto& f : kFields) {
    if (f.name == name) return &f;
    std::string_view aliases = f.aliases;
    while (!aliases.empty()) {
      size_t space = aliases.find(' ');
      if (aliases.substr(0, space) == name) return &f;
      if (space == std::string_view::npos) break;
      aliases.remove_prefix(space + 1);
    }
  }
  return nullptr;
}

}  // namespace citedex
