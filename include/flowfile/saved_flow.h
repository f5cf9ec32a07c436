// Flows saved per user under a name: the canvas's document (nodes with
// their settings, and edges, as JSON text), kept in the store beside the
// user's connections and reached only through UserSession, with the same
// access rules: another user's flow is "not found", never "forbidden".
//
// The document (what the web canvas saves and opens):
//   {"nodes": [{"id": "n1", "kind": "reader", "position": {"x": 0, "y": 0},
//               "settings": {...}}, ...],
//    "edges": [{"id": "e1", "source": "n1", "target": "n2"}, ...]}
// kinds: reader and writer (settings as the API's ReaderNode and
// WriterNode), select {columns}, filter {column, op, value} and limit {rows}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flowfile {

struct SavedFlow {
  std::string name;
  std::string document;         // empty in ListFlows' entries
  std::int64_t created_at = 0;  // unix milliseconds
  std::int64_t updated_at = 0;
};

// The node kinds a saved flow may hold, in palette order.
const std::vector<std::string_view>& FlowNodeKinds();

// The longest flow name, in characters, and the largest document, in bytes.
inline constexpr std::size_t kMaxFlowNameLength = 128;
inline constexpr std::size_t kMaxFlowDocumentBytes = 512 * 1024;

}  // namespace flowfile
