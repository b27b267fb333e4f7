//! The hand-written runtime that generated SDK code calls into.
