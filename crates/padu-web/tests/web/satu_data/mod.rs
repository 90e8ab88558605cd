//! Satu Data through the real router: the roles beside the SPBE role (`roles`).

mod roles;
