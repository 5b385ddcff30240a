// Rendering of a metric family's header lines and children (Prometheus text format 0.0.4).
#include "server/metrics/family.hpp"

#include "server/metrics/text_format.hpp"

namespace parley::server::metrics {

family_base::family_base(std::string name, std::string help, std::string_view type,
                         std::vector<std::string> label_names, detail::child_index::factory make,
                         const void* context)
    : name_{std::move(name)}, help_{std::move(help)}, type_{type}, index_{std::move(label_names), make, context} {}

void family_base::render(std::string& out) const {
  const auto children = index_.children();
  if (children.empty()) {
    return;
  }
  out += "# HELP ";
  out += name_;
  out += ' ';
  append_escaped_help(out, help_);
  out += "\n# TYPE ";
  out += name_;
  out += ' ';
  out += type_;
  out += '\n';
  for (const auto* child : children) {
    child->append_samples(out, name_);
  }
}

} // namespace parley::server::metrics
