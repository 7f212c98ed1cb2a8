#include "passes/Structure.h"

#include <algorithm>
#include <deque>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>

namespace graphlint {
namespace {

// Compressed sparse rows, out-edges and in-edges: a handful of flat arrays however large the
// graph, so the passes below walk contiguous memory (adjacency_list allocates two vectors per
// node, which dominated the time of this pass at 100k nodes).
using BoostGraph = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, boost::no_property,
                                                      boost::no_property, NodeId, NodeId>;

/// One edge per input reference, producer to consumer.
std::vector<std::pair<NodeId, NodeId>> edgesOf(const Graph& graph) {
  std::vector<std::pair<NodeId, NodeId>> edges;
  edges.reserve(graph.nodes.size() * 2);
  for (NodeId id = 0; id < graph.nodes.size(); ++id)
    for (const TensorRef& ref : graph.nodes[id].inputs)
      if (ref.node != kNoNode) edges.emplace_back(ref.node, id);
  return edges;
}

/// A cycle through `start` that stays inside its strongly connected component.
std::vector<NodeId> cycleThrough(const BoostGraph& g, NodeId start, const std::vector<int>& component) {
  int scc = component[start];
  std::vector<NodeId> parent(boost::num_vertices(g), kNoNode);
  std::deque<NodeId> queue{start};
  std::vector<bool> seen(boost::num_vertices(g));
  // Breadth-first from start back to start gives a shortest cycle.
  while (!queue.empty()) {
    NodeId u = queue.front();
    queue.pop_front();
    for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
      NodeId v = boost::target(*e, g);
      if (component[v] != scc) continue;
      if (v == start) {
        std::vector<NodeId> cycle{u};
        while (cycle.back() != start) cycle.push_back(parent[cycle.back()]);
        std::reverse(cycle.begin(), cycle.end());
        return cycle;
      }
      if (seen[v]) continue;
      seen[v] = true;
      parent[v] = u;
      queue.push_back(v);
    }
  }
  return {start};
}

}  // namespace

StructureFacts analyzeStructure(const Graph& graph) {
  StructureFacts facts;
  size_t n = graph.nodes.size();
  std::vector<std::pair<NodeId, NodeId>> edges = edgesOf(graph);
  std::vector<bool> selfLoop(n);
  for (auto [from, to] : edges)
    if (from == to) selfLoop[from] = true;
  BoostGraph g(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), static_cast<NodeId>(n));

  std::vector<int> component(n);
  int components = n ? boost::strong_components(
                           g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)))
                     : 0;
  std::vector<unsigned> componentSize(components);
  for (int c : component) ++componentSize[c];
  std::vector<bool> cycleReported(components);
  for (NodeId id = 0; id < n; ++id) {
    int c = component[id];
    if ((componentSize[c] > 1 || selfLoop[id]) && !cycleReported[c]) {
      cycleReported[c] = true;
      facts.cycles.push_back(cycleThrough(g, id, component));
    }
  }

  // Kahn's algorithm: nodes on or after a cycle never reach in-degree zero.
  std::vector<unsigned> pending(n);
  for (NodeId id = 0; id < n; ++id) pending[id] = static_cast<unsigned>(boost::in_degree(id, g));
  std::deque<NodeId> ready;
  for (NodeId id = 0; id < n; ++id)
    if (pending[id] == 0) ready.push_back(id);
  facts.order.reserve(n);
  while (!ready.empty()) {
    NodeId u = ready.front();
    ready.pop_front();
    facts.order.push_back(u);
    for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
      NodeId v = boost::target(*e, g);
      if (--pending[v] == 0) ready.push_back(v);
    }
  }

  // Reachability: walk in-edges back from every output.
  facts.reachesOutput.assign(n, false);
  std::deque<NodeId> queue;
  for (const TensorRef& out : graph.outputs)
    if (out.node != kNoNode && !facts.reachesOutput[out.node]) {
      facts.reachesOutput[out.node] = true;
      queue.push_back(out.node);
    }
  while (!queue.empty()) {
    NodeId u = queue.front();
    queue.pop_front();
    for (auto [e, end] = boost::in_edges(u, g); e != end; ++e) {
      NodeId v = boost::source(*e, g);
      if (!facts.reachesOutput[v]) {
        facts.reachesOutput[v] = true;
        queue.push_back(v);
      }
    }
  }
  return facts;
}

}  // namespace graphlint
