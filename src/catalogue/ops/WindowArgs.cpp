// Reading the window arguments of convolution and pooling op calls in each spelling's
// conventions (see WindowArgs.h).

#include "catalogue/ops/WindowArgs.h"

#include "llvm/ADT/STLExtras.h"

namespace graphlint::ops {
namespace {

using Ints = std::vector<int64_t>;
/// A value read from an argument: an error, nothing readable (nullopt), or the value.
template <class T>
using Read = Result<std::optional<T>>;

Error fail(llvm::StringRef who, const std::string& message) { return makeError(who.str() + ": " + message); }

std::optional<Ints> intsOf(const Value& v) {
  if (v.isInt()) return Ints{v.asInt()};
  if (!v.isList()) return std::nullopt;
  Ints out;
  for (const Value& item : v.items()) {
    if (!item.isInt()) return std::nullopt;
    out.push_back(item.asInt());
  }
  return out;
}

/// A per-axis argument: one int for every spatial axis, one per axis, or (with `withBatchAndChannels`,
/// TF's form) a list that also has the batch and channel entries, which must be 1. Null or
/// absent gives `fallback`. Values must be positive, or with `allowZero` not negative.
Read<Ints> perAxis(llvm::StringRef who, llvm::StringRef name, const Value* v, size_t spatial, bool channelsFirst,
                   bool withBatchAndChannels, const Ints& fallback, bool allowZero = false) {
  if (!v || v->isNull() || (v->isList() && v->items().empty())) return std::optional<Ints>(fallback);
  std::optional<Ints> ints = intsOf(*v);
  if (!ints) return std::optional<Ints>();
  Ints out;
  if (ints->size() == 1) {
    out.assign(spatial, ints->front());
  } else if (ints->size() == spatial) {
    out = *ints;
  } else if (withBatchAndChannels && ints->size() == spatial + 2) {
    size_t first = channelsFirst ? 2 : 1;
    size_t channel = channelsFirst ? 1 : spatial + 1;
    if ((*ints)[0] != 1 || (*ints)[channel] != 1)
      return fail(who, name.str() + " " + v->str() + " must be 1 on the batch and channel axes");
    out.assign(ints->begin() + static_cast<std::ptrdiff_t>(first),
               ints->begin() + static_cast<std::ptrdiff_t>(first + spatial));
  } else {
    return fail(who, name.str() + " " + v->str() + " must be one int or " + std::to_string(spatial) +
                         " (one per spatial axis)");
  }
  for (int64_t i : out)
    if (i < (allowZero ? 0 : 1))
      return fail(who, name.str() + " " + v->str() + (allowZero ? " must not be negative" : " must be positive"));
  return std::optional<Ints>(out);
}

/// Explicit padding given as (before, after) pairs: one per spatial axis, or (TF) one per axis
/// with zeros on the batch and channel axes.
Read<std::vector<std::pair<int64_t, int64_t>>> padPairs(llvm::StringRef who, const Value& v, size_t spatial,
                                                       bool channelsFirst, bool withBatchAndChannels) {
  using Pairs = std::vector<std::pair<int64_t, int64_t>>;
  Pairs all;
  for (const Value& item : v.items()) {
    std::optional<Ints> pair = intsOf(item);
    if (!pair) return std::optional<Pairs>();
    if (pair->size() != 2 || !item.isList())
      return fail(who, "padding " + v.str() + " must list (before, after) pairs, got " + item.str());
    if ((*pair)[0] < 0 || (*pair)[1] < 0) return fail(who, "padding " + v.str() + " must not be negative");
    all.emplace_back((*pair)[0], (*pair)[1]);
  }
  if (all.size() == spatial) return std::optional<Pairs>(all);
  if (withBatchAndChannels && all.size() == spatial + 2) {
    size_t channel = channelsFirst ? 1 : spatial + 1;
    if (all[0] != std::make_pair<int64_t, int64_t>(0, 0) || all[channel] != std::make_pair<int64_t, int64_t>(0, 0))
      return fail(who, "padding " + v.str() + " must be [0, 0] on the batch and channel axes");
    size_t first = channelsFirst ? 2 : 1;
    return std::optional<Pairs>(Pairs(all.begin() + static_cast<std::ptrdiff_t>(first),
                                      all.begin() + static_cast<std::ptrdiff_t>(first + spatial)));
  }
  return fail(who, "padding " + v.str() + " must have " + std::to_string(spatial) + " (before, after) pairs" +
                       (withBatchAndChannels ? " (or " + std::to_string(spatial + 2) + " with the batch and channel axes)"
                                             : std::string()));
}

/// Torch's numeric padding: the same number of cells on both sides of each axis.
Read<std::vector<std::pair<int64_t, int64_t>>> symmetricPads(llvm::StringRef who, const Value* v, size_t spatial) {
  using Pairs = std::vector<std::pair<int64_t, int64_t>>;
  Read<Ints> cells = perAxis(who, "padding", v, spatial, false, false, Ints(spatial, 0), /*allowZero=*/true);
  if (!cells) return cells.error();
  if (!*cells) return std::optional<Pairs>();
  Pairs out;
  for (int64_t p : **cells) out.emplace_back(p, p);
  return std::optional<Pairs>(out);
}

/// The argument if it is a bool, else `fallback` when it is absent or null; nullopt otherwise.
std::optional<bool> boolOr(const Value* v, bool fallback) {
  if (!v || v->isNull()) return fallback;
  if (v->isBool()) return v->asBool();
  return std::nullopt;
}

}  // namespace

std::optional<WindowConvention> windowConventionOf(llvm::StringRef family) {
  if (family == "conv" || family == "depthwise_conv" || family == "conv_transpose" || family == "pool")
    return WindowConvention::Keras;
  if (family == "torch_conv" || family == "torch_conv_transpose" || family == "torch_pool")
    return WindowConvention::Torch;
  if (family == "lax_conv") return WindowConvention::Lax;
  return std::nullopt;
}

std::string WindowArgs::paddingName() const {
  switch (padding) {
    case PaddingMode::Valid: return "valid";
    case PaddingMode::Same: return "same";
    case PaddingMode::Causal: return "causal";
    case PaddingMode::Explicit: return "explicit";
  }
  return "";
}

Result<bool> readChannelsFirst(llvm::StringRef who, const KerasArgs& args, WindowConvention convention) {
  if (convention != WindowConvention::Keras) return true;
  const Value* format = args.find("data_format");
  if (!format || format->isNull()) return false;  // Keras' image_data_format() default
  // keras.ops names; TensorFlow's layout strings arrive here through the rename.
  llvm::StringRef f = format->isString() ? format->asString() : "";
  if (f == "channels_first" || f == "NCW" || f == "NCHW" || f == "NCDHW") return true;
  if (f == "channels_last" || f == "NWC" || f == "NHWC" || f == "NDHWC") return false;
  return fail(who, "data_format " + format->str() + " is not 'channels_last' or 'channels_first'");
}

Result<std::optional<WindowArgs>> readWindowArgs(llvm::StringRef who, const KerasArgs& args,
                                                 WindowConvention convention, WindowOp op, size_t spatial) {
  using Out = std::optional<WindowArgs>;
  WindowArgs w;
  w.convention = convention;
  Result<bool> channelsFirst = readChannelsFirst(who, args, convention);
  if (!channelsFirst) return channelsFirst.error();
  w.channelsFirst = *channelsFirst;
  bool keras = convention == WindowConvention::Keras;
  Ints ones(spatial, 1);

  if (convention == WindowConvention::Lax) {
    // Only the default layouts (NCHW input, OIHW kernel) and plain convolutions are modelled.
    const Value* numbers = args.findDropped("dimension_numbers");
    const Value* lhsDilation = args.findDropped("lhs_dilation");
    Read<Ints> lhs = perAxis(who, "lhs_dilation", lhsDilation, spatial, false, false, ones);
    if (!lhs) return lhs.error();
    const Value* batchGroups = args.findDropped("batch_group_count");
    if ((numbers && !numbers->isNull()) || !*lhs || **lhs != ones ||
        (batchGroups && !(batchGroups->isInt() && batchGroups->asInt() == 1)))
      return Out();
  }

  if (op == WindowOp::Pool) {
    Read<Ints> size = perAxis(who, "pool_size", args.find("pool_size"), spatial, w.channelsFirst, keras, ones);
    if (!size) return size.error();
    if (!*size || !args.find("pool_size")) return Out();
    w.poolSize = **size;
  }
  // A pooling window steps by its size unless strides say otherwise.
  Read<Ints> strides = perAxis(who, "strides", args.find("strides"), spatial, w.channelsFirst, keras,
                               op == WindowOp::Pool ? w.poolSize : ones);
  if (!strides) return strides.error();
  if (!*strides) return Out();
  w.strides = **strides;
  Read<Ints> dilation = perAxis(who, "dilation_rate", args.find("dilation_rate"), spatial, w.channelsFirst, keras, ones);
  if (!dilation) return dilation.error();
  if (!*dilation) return Out();
  w.dilation = **dilation;

  // Padding: where each spelling keeps it, and what it may be.
  bool torchNumeric = convention == WindowConvention::Torch && op != WindowOp::Conv;
  const Value* padding = torchNumeric ? args.findDropped("padding") : args.find("padding");
  if (!padding || padding->isNull()) {
    w.padding = PaddingMode::Valid;
  } else if (padding->isString()) {
    std::string p = padding->asString().lower();
    if (p == "valid" && !torchNumeric) w.padding = PaddingMode::Valid;
    else if (p == "same" && !torchNumeric) w.padding = PaddingMode::Same;
    else if (p == "causal" && keras && op == WindowOp::Conv) w.padding = PaddingMode::Causal;
    else if (p == "same_lower" && convention == WindowConvention::Lax) return Out();  // not modelled
    else return fail(who, "padding '" + padding->asString().str() + "' is not 'valid' or 'same'");
  } else if (convention == WindowConvention::Torch) {
    auto pads = symmetricPads(who, padding, spatial);
    if (!pads) return pads.error();
    if (!*pads) return Out();
    w.padding = PaddingMode::Explicit;
    w.pads = **pads;
  } else if (padding->isList()) {
    auto pads = padPairs(who, *padding, spatial, w.channelsFirst, keras);
    if (!pads) return pads.error();
    if (!*pads) return Out();
    w.padding = PaddingMode::Explicit;
    w.pads = **pads;
  } else {
    return Out();
  }

  if (convention == WindowConvention::Torch) {
    if (op == WindowOp::Conv && w.padding == PaddingMode::Same && llvm::any_of(w.strides, [](int64_t s) { return s > 1; }))
      return fail(who, "padding 'same' is not supported for strided convolutions (strides " +
                           args.find("strides")->str() + "), as in PyTorch");
    if (op != WindowOp::Pool) {
      const Value* groups = args.findDropped("groups");
      if (groups && !groups->isNull()) {
        if (!groups->isInt()) return Out();
        if (groups->asInt() < 1) return fail(who, "groups " + groups->str() + " must be positive");
        w.groups = groups->asInt();
      }
    } else {
      // Dilated windows and a divisor override are not modelled.
      const Value* dilationArg = args.findDropped("dilation");
      Read<Ints> poolDilation = perAxis(who, "dilation", dilationArg, spatial, false, false, ones);
      if (!poolDilation) return poolDilation.error();
      const Value* divisor = args.findDropped("divisor_override");
      if (!*poolDilation || **poolDilation != ones || (divisor && !divisor->isNull())) return Out();
      std::optional<bool> ceil = boolOr(args.findDropped("ceil_mode"), false);
      std::optional<bool> includePad = boolOr(args.findDropped("count_include_pad"), true);
      if (!ceil || !includePad) return Out();
      w.ceilMode = *ceil;
      w.countIncludePad = *includePad;
      for (size_t i = 0; i < spatial; ++i)
        if (w.padBefore(i) > w.poolSize[i] / 2)
          return fail(who, "padding " + args.findDropped("padding")->str() + " must be at most half of kernel_size " +
                               args.find("pool_size")->str() + ", as in PyTorch");
    }
  }
  if (convention == WindowConvention::Lax) {
    const Value* groups = args.findDropped("feature_group_count");
    if (groups && !groups->isNull()) {
      if (!groups->isInt()) return Out();
      if (groups->asInt() < 1) return fail(who, "feature_group_count " + groups->str() + " must be positive");
      w.groups = groups->asInt();
    }
  }

  if (op == WindowOp::ConvTranspose) {
    const Value* outputPadding = args.find("output_padding");
    if (outputPadding && !outputPadding->isNull()) {
      std::optional<Ints> given = intsOf(*outputPadding);
      if (!given) return Out();
      if (given->size() == 1) given->assign(spatial, given->front());
      if (given->size() != spatial || llvm::any_of(*given, [](int64_t p) { return p < 0; }))
        return fail(who, "output_padding " + outputPadding->str() + " must be one int or " + std::to_string(spatial) +
                             " (one per spatial axis), none negative");
      w.outputPadding = *given;
    }
  }
  return Out(w);
}

}  // namespace graphlint::ops
