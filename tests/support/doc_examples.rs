//! The documented examples and error codes, read from the checked-in JSON spec.
//!
//! The local server answers with these, so what the tests assert is what the documentation
//! says the service sends.

use std::sync::OnceLock;

use tcgen_codegen::spec::{Action, ApiSpec, ErrorCode, Example, Generation};

use crate::repo_root;

/// Both generations' specs, as `cargo xtask regen` wrote them to `spec/json/`.
pub struct DocSpecs {
    v3: ApiSpec,
    v2: ApiSpec,
}

impl DocSpecs {
    /// The specs, read once per test binary.
    ///
    /// # Panics
    ///
    /// When a spec file is missing or does not parse: the tests cannot run without them.
    pub fn get() -> &'static DocSpecs {
        static SPECS: OnceLock<DocSpecs> = OnceLock::new();
        SPECS.get_or_init(|| DocSpecs {
            v3: read_spec(Generation::V3),
            v2: read_spec(Generation::V2),
        })
    }

    /// The spec of one generation.
    pub fn spec(&self, generation: Generation) -> &ApiSpec {
        match generation {
            Generation::V3 => &self.v3,
            Generation::V2 => &self.v2,
        }
    }

    /// The action of that name, if the generation has one.
    pub fn find_action(&self, generation: Generation, name: &str) -> Option<&Action> {
        self.spec(generation)
            .actions
            .iter()
            .find(|action| action.name == name)
    }

    /// The action of that name.
    ///
    /// # Panics
    ///
    /// When the generation has no such action (a mistake in the test).
    pub fn action(&self, generation: Generation, name: &str) -> &Action {
        self.find_action(generation, name)
            .unwrap_or_else(|| panic!("{generation:?} has no action {name}"))
    }

    /// The first example of an action that has a response.
    pub fn find_example(&self, generation: Generation, action: &str) -> Option<&Example> {
        self.find_action(generation, action)?
            .examples
            .iter()
            .find(|example| example.response.is_some())
    }

    /// The first example of an action that has a response.
    ///
    /// # Panics
    ///
    /// When the action has no such example (a mistake in the test).
    pub fn example(&self, generation: Generation, action: &str) -> &Example {
        self.find_example(generation, action)
            .unwrap_or_else(|| panic!("{generation:?} {action} has no example with a response"))
    }

    /// The documented response of the action's example.
    pub fn example_response(&self, generation: Generation, action: &str) -> &serde_json::Value {
        self.example(generation, action)
            .response
            .as_ref()
            .unwrap_or_else(|| unreachable!("example() only returns examples with a response"))
    }

    /// The documented error `code`, from the action's own list or else the common codes.
    ///
    /// # Panics
    ///
    /// When the code is documented for neither (a mistake in the test).
    pub fn error(&self, generation: Generation, action: &str, code: &str) -> &ErrorCode {
        let spec = self.spec(generation);
        self.action(generation, action)
            .errors
            .iter()
            .chain(&spec.common_errors)
            .find(|error| error.code == code)
            .unwrap_or_else(|| panic!("{generation:?} documents no error {code} for {action}"))
    }
}

fn read_spec(generation: Generation) -> ApiSpec {
    let path = repo_root()
        .join("spec/json")
        .join(format!("{}.json", generation.module_name()));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not a spec: {err}", path.display()))
}
