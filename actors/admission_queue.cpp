#include "actors/admission_queue.hpp"

#include <algorithm>

namespace weft::actors {

std::string admission_queue::tenant_of(const std::string& key) { return key.substr(0, key.find('\0')); }

void admission_queue::push(const std::string& key, std::int32_t priority) {
  const std::string tenant = tenant_of(key);
  auto& line = lines_[tenant];
  if (line.empty()) turn_.push_back(tenant);
  auto at = std::find_if(line.begin(), line.end(), [priority](const entry& e) { return e.priority < priority; });
  line.insert(at, entry{priority, key});
}

bool admission_queue::remove(const std::string& key) {
  const std::string tenant = tenant_of(key);
  auto it = lines_.find(tenant);
  if (it == lines_.end()) return false;
  auto at = std::find_if(it->second.begin(), it->second.end(), [&key](const entry& e) { return e.key == key; });
  if (at == it->second.end()) return false;
  it->second.erase(at);
  if (it->second.empty()) {
    lines_.erase(it);
    turn_.erase(std::remove(turn_.begin(), turn_.end(), tenant), turn_.end());
  }
  return true;
}

std::optional<std::string> admission_queue::next(const std::function<bool(const std::string&)>& may_start) {
  for (std::size_t tried = 0; tried < turn_.size(); ++tried) {
    const std::string tenant = turn_.front();
    turn_.pop_front();
    turn_.push_back(tenant);
    if (may_start(tenant)) return lines_.at(tenant).front().key;
  }
  return std::nullopt;
}

std::size_t admission_queue::position(const std::string& key) const {
  auto it = lines_.find(tenant_of(key));
  if (it == lines_.end()) return 0;
  auto at = std::find_if(it->second.begin(), it->second.end(), [&key](const entry& e) { return e.key == key; });
  return at == it->second.end() ? 0 : static_cast<std::size_t>(at - it->second.begin()) + 1;
}

bool admission_queue::empty_for(const std::string& tenant) const { return !lines_.count(tenant); }

}  // namespace weft::actors
