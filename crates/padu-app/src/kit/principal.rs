//! Who is acting: a signed-in user, or the system on behalf of the command-line operator.

use padu_core::access::{Action, Actor, Target, allows};
use padu_store::{User, Who};

use crate::kit::error::AppError;

/// A signed-in user, through the pages (a browser session) or the API (a token).
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    /// The digest of the session cookie, when signed in by a browser session.
    pub session_digest: Option<String>,
}

impl Caller {
    /// A user acting without a browser session (an API token, or `--as` on the command line).
    pub fn user(user: User) -> Caller {
        Caller {
            user,
            session_digest: None,
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user.id,
            role: self.user.role,
            instansi: self.user.instansi_id,
            opd: self.user.opd_id,
            data: self.user.data,
        }
    }

    /// How the audit log names this caller.
    pub fn who(&self) -> Who {
        Who::user(&self.user)
    }
}

/// Who a use case acts for. The system principal is the operator at the server's command line:
/// whoever can run `padu` with its configuration can read and change the database anyway, so
/// it is not asked [`allows`]; the audit log records it by name (`cli`, `demo`).
#[derive(Debug, Clone)]
pub enum Principal {
    User(Caller),
    System(&'static str),
}

impl Principal {
    pub fn who(&self) -> Who {
        match self {
            Principal::User(caller) => caller.who(),
            Principal::System(name) => Who::system(name),
        }
    }

    /// Whether this principal may do `action` at `target` (the one permission question).
    pub fn may(&self, action: Action, target: &Target) -> bool {
        match self {
            Principal::User(caller) => allows(&caller.actor(), action, target),
            Principal::System(_) => true,
        }
    }
}

impl From<Caller> for Principal {
    fn from(caller: Caller) -> Self {
        Principal::User(caller)
    }
}

/// What a use case needs of whoever acts: a name for the audit log and the answer to the one
/// permission question. Both a signed-in [`Caller`] and a [`Principal`] act.
pub trait Acting {
    fn who(&self) -> Who;
    fn may(&self, action: Action, target: &Target) -> bool;

    /// `Ok` when [`Acting::may`], else `Forbidden`.
    fn check(&self, action: Action, target: &Target) -> Result<(), AppError> {
        if self.may(action, target) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// [`Acting::check`] for a record `what` looked up by its id: when the caller may not even
    /// see the instansi the record sits in, the answer is `NotFound(what)`, the same as for an
    /// id that does not exist, so that nobody can count another instansi's records (ASVS
    /// 4.2.1); `Forbidden` stays for what the caller may see but not do.
    fn check_record(
        &self,
        action: Action,
        target: &Target,
        what: &'static str,
    ) -> Result<(), AppError> {
        if self.may(action, target) {
            Ok(())
        } else if self.may(
            Action::ViewInstansi,
            &Target {
                opd: None,
                ..*target
            },
        ) {
            Err(AppError::Forbidden)
        } else {
            Err(AppError::NotFound(what))
        }
    }
}

impl Acting for Caller {
    fn who(&self) -> Who {
        Caller::who(self)
    }

    fn may(&self, action: Action, target: &Target) -> bool {
        allows(&self.actor(), action, target)
    }
}

impl Acting for Principal {
    fn who(&self) -> Who {
        Principal::who(self)
    }

    fn may(&self, action: Action, target: &Target) -> bool {
        Principal::may(self, action, target)
    }
}
