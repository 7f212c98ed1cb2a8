#pragma once
// The one signature every executor kernel has, and the registry that finds a node's kernel:
// Keras layers by class name, keras.ops functions (and the backend spellings the op catalogue
// maps to them) by op name. Kernels live by family in src/executor/kernels/.
//
// A kernel reads its node's inputs, weights and configuration from KernelArgs and writes
// into outputs the executor has already allocated with the shapes and element types shape
// inference gave. It validates what it assumes and fails with an Error naming what is wrong,
// never by crashing; the executor adds the node's name and location.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include "catalogue/LayerSchema.h"
#include "catalogue/ops/OpCatalogue.h"
#include "ir/Graph.h"
#include "runtime/HostTensor.h"

namespace graphlint {

/// Numerics that differ between Keras versions, and how much of the machine to use.
struct ExecOptions {
  /// The Keras major version whose numerics apply: 2 for files tf.keras wrote (and Keras 1
  /// files, translated), 3 for Keras 3 files and YAML specs. `hard_sigmoid` is the known
  /// difference: Keras 2 is clip(0.2x + 0.5, 0, 1), Keras 3 is relu6(x + 3) / 6.
  int kerasMajor = 3;
  /// Threads for matrix products; 1 is the default, for reproducible timing.
  int threads = 1;
  /// Apply the fusions of executor/Fusion.h (one_hot followed by a matrix product runs as a
  /// row gather); off runs every node as written, to compare or to time the difference.
  bool fuse = true;
  /// Seed of the random numbers a layer called with training=True draws (Dropout(x,
  /// training=True) drops at inference too, as in Keras' predict()).
  uint64_t seed = 0;
};

/// A Keras mask: a bool tensor over an input's leading (batch, timesteps) axes. Null: no mask.
using MaskRef = const HostTensor*;

class KernelRegistry;

/// Everything a kernel sees of one node's execution.
struct KernelArgs {
  /// The node being run (for names in messages); for a layer wrapped by another (the LSTM of a
  /// Bidirectional), still the outer node.
  const Node& node;
  /// For layers: attribute access with the schema's defaults, and the concrete input types.
  /// Null for ops.
  const LayerCall* layer = nullptr;
  /// For ops: the catalogue entry and the call's arguments in keras.ops names. Null for layers.
  const OpEntry* op = nullptr;
  const KerasArgs* opArgs = nullptr;
  /// The node's tensor inputs, in keras order (for ops: keras.ops parameter order, with constant
  /// arguments already made tensors).
  llvm::ArrayRef<const HostTensor*> inputs;
  /// One per input; null where the input carries no mask.
  llvm::ArrayRef<MaskRef> inputMasks;
  /// The layer's weights in WeightSpec order (a shared layer's second call gets the first
  /// call's). Empty for ops.
  llvm::ArrayRef<const HostTensor*> weights;
  /// Allocated by the executor with the inferred types. A kernel declared `inPlace` may find
  /// outputs[0] holding the very bytes of inputs[0] (check with sharesStorage()).
  llvm::MutableArrayRef<HostTensor> outputs;
  /// One per output, set beforehand by the kernel's MaskRule; a kernel with MaskRule::Computed
  /// sets them itself.
  std::vector<std::optional<HostTensor>>& outputMasks;
  const ExecOptions& options;
  /// For wrapper layers that run another layer's kernel (Bidirectional, TimeDistributed).
  const KernelRegistry& registry;
  /// Nonzero when input 0 holds the integer ids of a one_hot of this depth that the executor
  /// did not build (see executor/Fusion.h): only kernels declaring readsOneHotIds see it, and
  /// they read input 0 as that one-hot tensor (its type in `layer->inputs` is the one-hot's).
  int64_t oneHotDepth = 0;
};

/// Runs a node; returns an error in words a user can act on, or nullopt.
using KernelFn = std::function<std::optional<Error>(KernelArgs&)>;

/// How a layer's output masks follow from its input masks, as Keras propagates them.
enum class MaskRule {
  /// Outputs carry no mask (Keras' default for a layer that does not support masking).
  Drop,
  /// Every output carries input 0's mask (supports_masking without compute_mask: Dense,
  /// activations, Dropout, normalization).
  PassThrough,
  /// The kernel computes the masks (Embedding, Masking, recurrent layers, merges).
  Computed,
};

struct KernelDef {
  KernelFn run;
  MaskRule mask = MaskRule::Drop;
  /// Output 0 may be written over input 0 when input 0 dies at this node and both have the
  /// same byte size: elementwise activations, reshapes.
  bool inPlace = false;
  /// The kernel multiplies input 0 by a matrix along its last axis through projectRows(), so
  /// it can take the ids of a one_hot instead of the one-hot tensor (KernelArgs::oneHotDepth).
  bool readsOneHotIds = false;
  /// The kernel computes what a call with training=True computes (Dropout drops, BatchNorm
  /// uses the batch's statistics). Other kernels run such a call only when training changes
  /// nothing in their layer's config (see Executor.cpp).
  bool followsTraining = false;
  /// Set for an op the executor cannot run at all, saying why in words a user can act on
  /// (boolean_mask: its output's size depends on the data); `run` is then never called.
  std::string cannotRun = "";
};

/// The kernels, by layer class and by op name. Immutable after construction.
class KernelRegistry {
 public:
  /// Every built-in kernel.
  static const KernelRegistry& builtin();

  /// Layer classes by the name their schema has (aliases resolve through the catalogue).
  void addLayer(llvm::StringRef className, KernelDef def);
  /// Ops by their entry's short name (`one_hot`, `add`): a kernel serves keras.ops.one_hot,
  /// tf.one_hot and every other spelling the op catalogue maps to it.
  void addOp(llvm::StringRef opName, KernelDef def);
  const KernelDef* findLayer(llvm::StringRef className) const;
  const KernelDef* findOp(llvm::StringRef opName) const;
  std::vector<std::string> layerNames() const;
  std::vector<std::string> opNames() const;

 private:
  llvm::StringMap<KernelDef> layers_;
  llvm::StringMap<KernelDef> ops_;
};

/// Whether two tensors are the same bytes (an in-place kernel's output over its input).
inline bool sharesStorage(const HostTensor& a, const HostTensor& b) {
  return a.bytes().data() == b.bytes().data();
}

/// Runs the layer `schema` with `config` inside another layer's kernel (the LSTM a
/// Bidirectional wraps, the Dense a TimeDistributed applies): infers its output types from
/// the inputs' shapes, allocates them, and runs its kernel. Masks of the outputs are returned
/// in `outputMasks`.
Result<std::vector<HostTensor>> runInnerLayer(const KernelArgs& outer, const LayerSchema& schema, const Value& config,
                                              llvm::ArrayRef<const HostTensor*> inputs,
                                              llvm::ArrayRef<MaskRef> inputMasks,
                                              llvm::ArrayRef<const HostTensor*> weights,
                                              std::vector<std::optional<HostTensor>>& outputMasks);

/// The ElementType a DType is stored as; nullopt for types the executor does not run
/// (bfloat16, uint16-64, string, unknown).
std::optional<ElementType> elementTypeFor(DType type);
/// Words to add where a message says the executor does not run `type`: for string, that it
/// is not supported yet (Hashing and friends run on integer inputs); empty for other types.
std::string dtypeRemark(DType type);
/// The DType of an element type.
DType dtypeFor(ElementType type);
/// The concrete shape of a fully known type; nullopt when a dim is not a constant.
std::optional<std::vector<int64_t>> concreteShape(const TensorType& type);

// Family registration; each lives in src/executor/kernels/<Family>.cpp.
void registerCoreKernels(KernelRegistry& registry);
void registerRegularizationKernels(KernelRegistry& registry);
void registerActivationKernels(KernelRegistry& registry);
void registerMergeKernels(KernelRegistry& registry);
void registerReshapeKernels(KernelRegistry& registry);
// Ops of the op catalogue, in src/executor/kernels/Ops<Family>.cpp.
void registerOpElementwiseKernels(KernelRegistry& registry);
void registerOpNormalizeKernels(KernelRegistry& registry);
void registerOpReductionKernels(KernelRegistry& registry);
void registerOpShapeKernels(KernelRegistry& registry);
void registerOpIndexingKernels(KernelRegistry& registry);
void registerOpLinalgKernels(KernelRegistry& registry);
void registerOpConvolutionKernels(KernelRegistry& registry);
void registerOpRearrangeKernels(KernelRegistry& registry);
void registerOpGatherKernels(KernelRegistry& registry);
void registerOpRandomKernels(KernelRegistry& registry);
void registerNormalizationKernels(KernelRegistry& registry);
void registerPreprocessingKernels(KernelRegistry& registry);
void registerAttentionKernels(KernelRegistry& registry);
void registerEinsumDenseKernels(KernelRegistry& registry);
void registerConvolutionKernels(KernelRegistry& registry);
void registerPoolingKernels(KernelRegistry& registry);
void registerSpatialKernels(KernelRegistry& registry);
void registerRecurrentKernels(KernelRegistry& registry);
void registerSequenceKernels(KernelRegistry& registry);
void registerImageKernels(KernelRegistry& registry);
void registerImageContrastKernels(KernelRegistry& registry);
void registerConvRecurrentKernels(KernelRegistry& registry);
void registerHashingKernels(KernelRegistry& registry);

}  // namespace graphlint
