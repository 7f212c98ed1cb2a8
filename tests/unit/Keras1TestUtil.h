#pragma once
// Helpers for tests of the Keras 1 layer translation: configs written as YAML flow text.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "frontends/keras/Keras1Layers.h"
#include "frontends/yaml/YamlValue.h"

namespace graphlint::test {

inline Value yamlValue(const std::string& text) {
  Result<Value> parsed = parseYaml(text);
  INFO("parsing " << text);
  if (!parsed) FAIL("YAML error: " << parsed.error().message);
  return *parsed;
}

inline Keras1Translation translated(const std::string& className, const std::string& config,
                                    const Keras1Settings& settings = {}) {
  return translateKeras1Layer(className, yamlValue(config), settings);
}

/// The lines joined, one per line, for readable comparisons.
inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

}  // namespace graphlint::test
