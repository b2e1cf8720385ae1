#include "core/cluster_map.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/random_id.hpp"

namespace weft::core {
namespace {

using json = nlohmann::json;

constexpr std::uint32_t max_shards = 4096;

bool host_port(const json& j) {
  if (!j.is_string()) return false;
  const std::string& text = j.get_ref<const std::string&>();
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size() || text.size() - colon > 6) return false;
  const std::string port = text.substr(colon + 1);
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  const long p = std::stol(port);
  return p >= 1 && p <= 65535;
}

// A non-negative integer (nlohmann keeps 3 written in C++ as a signed one, 3 parsed as unsigned).
bool whole(const json& j, std::uint64_t& out) {
  if (!j.is_number_integer() || (!j.is_number_unsigned() && j.get<std::int64_t>() < 0)) return false;
  out = j.get<std::uint64_t>();
  return true;
}

bool fail(std::string& why, std::string text) {
  why = std::move(text);
  return false;
}

}  // namespace

bool cluster_map::parse(const json& doc, const std::string& self, cluster_map& out, std::string& why) {
  if (!doc.is_object()) return fail(why, "the cluster file must be a JSON object { shards, coordinators: [...] }");
  std::uint64_t shards = 0;
  if (!whole(doc.value("shards", json()), shards) || shards < 1 || shards > max_shards) {
    return fail(why, "shards must be an integer from 1 to " + std::to_string(max_shards));
  }
  cluster_map map;
  map.shards_ = static_cast<std::uint32_t>(shards);
  map.coordinators_.clear();
  const auto list = doc.find("coordinators");
  if (list == doc.end() || !list->is_array() || list->empty()) return fail(why, "coordinators must be a non-empty array");
  std::set<std::string> names;
  std::vector<int> owners(map.shards_, -1);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& c = (*list)[i];
    const std::string at = "coordinators[" + std::to_string(i) + "]";
    if (!c.is_object()) return fail(why, at + " must be an object { name, cluster, http, shards: [first, last] }");
    const auto name = c.find("name");
    if (name == c.end() || !name->is_string() || name->get<std::string>().empty()) return fail(why, at + ".name must be a non-empty string");
    if (!names.insert(name->get<std::string>()).second) return fail(why, at + ".name '" + name->get<std::string>() + "' is listed twice");
    for (const char* address : {"cluster", "http"}) {
      if (!host_port(c.value(address, json()))) return fail(why, at + "." + address + " must be HOST:PORT");
    }
    const json range = c.value("shards", json());
    std::uint64_t first = 0, last = 0;
    if (!range.is_array() || range.size() != 2 || !whole(range[0], first) || !whole(range[1], last) || first > last ||
        last >= map.shards_) {
      return fail(why, at + ".shards must be [first, last] with first <= last < " + std::to_string(map.shards_));
    }
    coordinator entry{name->get<std::string>(), c["cluster"].get<std::string>(), c["http"].get<std::string>(),
                      static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last)};
    for (std::uint32_t s = entry.first_shard; s <= entry.last_shard; ++s) {
      if (owners[s] >= 0) {
        return fail(why, "shard " + std::to_string(s) + " is owned by both " + map.coordinators_[static_cast<std::size_t>(owners[s])].name +
                             " and " + entry.name);
      }
      owners[s] = static_cast<int>(i);
    }
    map.coordinators_.push_back(std::move(entry));
  }
  if (auto unowned = std::find(owners.begin(), owners.end(), -1); unowned != owners.end()) {
    return fail(why, "shard " + std::to_string(unowned - owners.begin()) + " has no owner");
  }
  auto me = std::find_if(map.coordinators_.begin(), map.coordinators_.end(), [&](const coordinator& c) { return c.name == self; });
  if (me == map.coordinators_.end()) return fail(why, "this node ('" + self + "') is not among the coordinators");
  map.self_ = static_cast<std::size_t>(me - map.coordinators_.begin());
  out = std::move(map);
  return true;
}

std::uint32_t cluster_map::shard_of(std::string_view execution_id) const noexcept {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : execution_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return static_cast<std::uint32_t>(h % shards_);
}

const coordinator& cluster_map::owner_of(std::string_view execution_id) const noexcept {
  if (coordinators_.size() == 1) return coordinators_.front();
  const std::uint32_t shard = shard_of(execution_id);
  for (const auto& c : coordinators_) {
    if (shard >= c.first_shard && shard <= c.last_shard) return c;
  }
  return coordinators_.front();  // not reached: parse() checks every shard has an owner
}

bool cluster_map::owns(std::string_view execution_id) const noexcept { return &owner_of(execution_id) == &self(); }

std::string cluster_map::owned_id(const std::string& base) const {
  if (owns(base)) return base;
  for (std::uint64_t k = 1;; ++k) {
    std::string id = base + "." + std::to_string(k);
    if (owns(id)) return id;
  }
}

std::string cluster_map::new_execution_id() const {
  // Ids are random: a try lands in this node's shards with the share of them it owns.
  for (;;) {
    std::string id = random_id("ex_", 16);
    if (owns(id)) return id;
  }
}

}  // namespace weft::core
