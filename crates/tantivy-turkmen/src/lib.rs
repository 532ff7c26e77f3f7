#![doc = include_str!("../README.md")]
//!
//! ## Modules
//!
//! The pipeline, one module per stage: [`detect`] → [`normalize`] → [`segment`] → [`stem`] (+ [`fold`]) →
//! [`tokenizer`]; [`lang`] describes the languages (one file each) and [`analyze`] shows every stage of a
//! text.

pub mod analyze;
pub mod detect;
pub mod fold;
pub mod hash;
pub mod lang;
pub mod normalize;
pub mod segment;
pub mod stem;
pub mod tokenizer;

pub use lang::{DocLang, Lang, UnknownLang};
