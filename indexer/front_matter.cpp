#include "indexer/front_matter.h"

#include <yaml-cpp/yaml.h>

#include "indexer/text_util.h"

namespace citedex {

namespace {

void flatten(const std::string& key, const YAML::Node& node, Metadata& out) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      out.push_back({key, {{collapse_spaces(node.Scalar())}, false}});
      break;
    case YAML::NodeType::Sequence: {
      MetadataValue value;
      value.is_list = true;
      for (const auto& item : node) {
        if (item.IsScalar())
          value.items.push_back(collapse_spaces(item.Scalar()));
        else if (!item.IsNull())
          value.items.push_back(collapse_spaces(YAML::Dump(item)));
      }
      out.push_back({key, std::move(value)});
      break;
    }
    case YAML::NodeType::Map:
      for (const auto& kv : node)
        flatten(key.empty() ? kv.first.as<std::string>() : key + "." + kv.first.as<std::string>(),
                kv.second, out);
      break;
    default:
      out.push_back({key, {{}, false}});
  }
}

}  // namespace

FrontMatter read_front_matter(std::string_view text) {
  FrontMatter fm;
  fm.body = text;
  if (!text.starts_with("---\n")) return fm;
  size_t close = text.find("\n---", 3);
  while (close != std::string_view::npos) {
    size_t after = close + 4;
    if (after == text.size() || text[after] == '\n') break;
    close = text.find("\n---", after);
  }
  if (close == std::string_view::npos) return fm;
  fm.present = true;
  std::string yaml(text.substr(4, close - 3));
  size_t body_at = std::min(text.size(), close + 5);
  fm.body = text.substr(body_at);
  try {
    YAML::Node root = YAML::Load(yaml);
    if (root.IsMap())
      flatten("", root, fm.metadata);
    else if (!root.IsNull())
      fm.error = "front matter is not a key/value map";
  } catch (const YAML::Exception& e) {
    fm.error = "front matter is not valid YAML (" + std::string(e.msg) + " at line " +
               std::to_string(e.mark.line + 2) + ")";
  }
  return fm;
}

}  // namespace citedex
