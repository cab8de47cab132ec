//! Hostile paths: see tests/hostile.rs.

#[allow(unused_imports)]
use crate::common::*;
#[allow(unused_imports)]
use crate::support::*;
