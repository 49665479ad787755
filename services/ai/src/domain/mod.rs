//! Pure rules of the ai service: job types and statuses, parameters, the model catalogue and
//! the offline generator. No I/O.

pub mod catalogue;
pub mod job;
pub mod offline;
pub mod output;
pub mod params;

pub use catalogue::{Catalogue, ModelSpec, ProviderSpec};
pub use job::{JobStatus, JobType};
pub use output::Output;
pub use params::Parameters;
