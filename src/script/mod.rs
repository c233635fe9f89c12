//! The admin language: the PowerShell subset that admins' bulk scripts are written in.
//!
//! `syntax` is the front end (lexer, parser, AST, diagnostics). It knows nothing of cmdlets, values or the tenant;
//! evaluation lives beside it.

pub mod syntax;
