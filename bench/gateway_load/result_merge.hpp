// Merges the JSON result lines of the processes of one sharded run (--shard i/n) into one line
// of the same shape: sums of counts, the earliest connect and the latest READY and delivery,
// server measurements from shard 0 (which took them), percentiles from the summed histograms.
#pragma once

#include "proto/base/result.hpp"

#include <boost/json/object.hpp>
#include <vector>

namespace parley::bench::gateway_load {

result<boost::json::object> merge_results(const std::vector<boost::json::object>& shards);

} // namespace parley::bench::gateway_load
