// Routes of the REST API as (method, path template) pairs, matched segment by segment.
// Literal segments win over parameters ("/applications/@me" before "/applications/{id}").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/verb.hpp>

namespace parley::server::rest {

// Up to 4 path parameters, in the order they appear in the template.
struct route_params {
  std::array<std::string_view, 4> values{};
  std::size_t count = 0;
  std::string_view operator[](std::size_t i) const { return values[i]; }
};

template <class Route>
class route_table {
 public:
  struct match {
    const Route* route = nullptr;       // null: no route for this path and method
    bool path_exists = false;           // some other method serves this path (→ 405)
    route_params params;
  };

  // pattern like "/users/{user_id}/channels" (a string literal: the table keeps views of it).
  void add(boost::beast::http::verb method, std::string_view pattern, Route route) {
    entry e{method, split(pattern), std::move(route)};
    entries_.push_back(std::move(e));
  }

  match find(boost::beast::http::verb method, std::string_view path) const {
    const auto segments = split(path);
    match best;
    int best_literals = -1;
    for (const auto& e : entries_) {
      route_params params;
      int literals = 0;
      if (!matches(e.segments, segments, params, literals)) continue;
      if (e.method != method) {
        best.path_exists = true;
        continue;
      }
      if (literals > best_literals) {
        best_literals = literals;
        best.route = &e.route;
        best.params = params;
      }
    }
    return best;
  }

 private:
  struct entry {
    boost::beast::http::verb method;
    std::vector<std::string_view> segments;
    Route route;
  };

  static std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
      if (path.front() == '/') {
        path.remove_prefix(1);
        continue;
      }
      const auto slash = path.find('/');
      out.push_back(path.substr(0, slash));
      path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
    }
    return out;
  }

  static bool matches(const std::vector<std::string_view>& pattern, const std::vector<std::string_view>& path,
                      route_params& params, int& literals) {
    if (pattern.size() != path.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      const auto p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (params.count == params.values.size()) return false;
        params.values[params.count++] = path[i];
      } else if (p == path[i]) {
        ++literals;
      } else {
        return false;
      }
    }
    return true;
  }

  std::vector<entry> entries_;
};

} // namespace parley::server::rest
