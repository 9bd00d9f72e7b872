/// SynVerify's version: the one place it is written. `synverify --version` prints it, and the
/// Python package's build (pyproject.toml, `[tool.hatch.version]`) reads it from this line.
let synverifyVersion = "0.1.0"
