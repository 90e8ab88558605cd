//! Satu Data: the roles granted beside the SPBE role (`roles`).

mod roles;
