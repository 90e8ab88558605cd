//! Who may do what: every permission decision in Padu is made here, in one place.
//!
//! A decision depends on the actor's role and on where the target sits relative to the actor
//! (their own OPD, their own instansi, a kabupaten/kota of their province, or elsewhere). The
//! server computes that relation from the organisation tree and asks [`allows`]; nothing else
//! decides.

use serde::{Deserialize, Serialize};

/// A user's role. API names are the snake_case codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs Padu for one instansi: OPDs, users, periods (usually Diskominfo's SPBE team).
    AdminInstansi,
    /// Sekda / Tim Koordinasi SPBE: oversees the whole instansi's evaluation.
    Koordinator,
    /// Enters the indicators of one OPD.
    OperatorOpd,
    /// Internal assessor (often Inspektorat): reviews the instansi's indicators.
    AsesorInternal,
    /// Head of region or of an OPD: reads only.
    Pimpinan,
    /// External assessor: reads the evaluation and enters final levels.
    AsesorEksternal,
    /// A province that watches (and helps set up) all its kabupaten/kota.
    AdminProvinsi,
    /// Operates the whole installation.
    Superadmin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::AdminInstansi,
        Role::Koordinator,
        Role::OperatorOpd,
        Role::AsesorInternal,
        Role::Pimpinan,
        Role::AsesorEksternal,
        Role::AdminProvinsi,
        Role::Superadmin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::AdminInstansi => "admin_instansi",
            Role::Koordinator => "koordinator",
            Role::OperatorOpd => "operator_opd",
            Role::AsesorInternal => "asesor_internal",
            Role::Pimpinan => "pimpinan",
            Role::AsesorEksternal => "asesor_eksternal",
            Role::AdminProvinsi => "admin_provinsi",
            Role::Superadmin => "superadmin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The name shown to users, in Bahasa Indonesia.
    pub fn label(self) -> &'static str {
        match self {
            Role::AdminInstansi => "Admin Instansi",
            Role::Koordinator => "Koordinator",
            Role::OperatorOpd => "Operator OPD",
            Role::AsesorInternal => "Asesor Internal",
            Role::Pimpinan => "Pimpinan",
            Role::AsesorEksternal => "Asesor Eksternal",
            Role::AdminProvinsi => "Admin Provinsi",
            Role::Superadmin => "Superadmin",
        }
    }

    /// The name shown to users, in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Role::AdminInstansi => "Agency administrator",
            Role::Koordinator => "Coordinator",
            Role::OperatorOpd => "OPD operator",
            Role::AsesorInternal => "Internal assessor",
            Role::Pimpinan => "Head (read-only)",
            Role::AsesorEksternal => "External assessor",
            Role::AdminProvinsi => "Province administrator",
            Role::Superadmin => "Superadmin",
        }
    }

    /// Where a user of this role must be placed.
    pub fn placement(self) -> Placement {
        match self {
            Role::Superadmin => Placement::Nowhere,
            Role::OperatorOpd => Placement::Opd,
            Role::AdminProvinsi => Placement::Provinsi,
            _ => Placement::Instansi,
        }
    }
}

/// What a role needs: no instansi, an instansi, a province, or an OPD (inside an instansi).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Nowhere,
    Instansi,
    Provinsi,
    Opd,
}

/// Kinds of organisation in the tree: nasional > provinsi > kabupaten/kota. OPDs live inside
/// an instansi (any of them, a province is evaluated too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstansiKind {
    Nasional,
    Provinsi,
    Kabupaten,
    Kota,
}

impl InstansiKind {
    pub const ALL: [InstansiKind; 4] = [
        InstansiKind::Nasional,
        InstansiKind::Provinsi,
        InstansiKind::Kabupaten,
        InstansiKind::Kota,
    ];

    pub fn code(self) -> &'static str {
        match self {
            InstansiKind::Nasional => "nasional",
            InstansiKind::Provinsi => "provinsi",
            InstansiKind::Kabupaten => "kabupaten",
            InstansiKind::Kota => "kota",
        }
    }

    pub fn from_code(code: &str) -> Option<InstansiKind> {
        InstansiKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            InstansiKind::Nasional => "Nasional",
            InstansiKind::Provinsi => "Provinsi",
            InstansiKind::Kabupaten => "Kabupaten",
            InstansiKind::Kota => "Kota",
        }
    }

    /// The kind a parent of this kind must have (`None`: a root).
    pub fn parent_kind(self) -> Option<InstansiKind> {
        match self {
            InstansiKind::Nasional => None,
            InstansiKind::Provinsi => Some(InstansiKind::Nasional),
            InstansiKind::Kabupaten | InstansiKind::Kota => Some(InstansiKind::Provinsi),
        }
    }
}

/// A Satu Data role (Perpres 39/2019), granted to a user beside their SPBE [`Role`] and
/// inside the same instansi: a person may be an OPD's operator and that OPD's produsen data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataRole {
    /// The instansi's walidata (usually Diskominfo): checks, publishes and withdraws data.
    Walidata,
    /// Helps the walidata check data (often Bappeda); does not publish.
    WalidataPendukung,
    /// Drafts one OPD's datasets with their metadata and submits them to the walidata.
    ProdusenData,
}

impl DataRole {
    pub const ALL: [DataRole; 3] = [
        DataRole::Walidata,
        DataRole::WalidataPendukung,
        DataRole::ProdusenData,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DataRole::Walidata => "walidata",
            DataRole::WalidataPendukung => "walidata_pendukung",
            DataRole::ProdusenData => "produsen_data",
        }
    }

    pub fn from_code(code: &str) -> Option<DataRole> {
        DataRole::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The name shown to users, in Bahasa Indonesia.
    pub fn label(self) -> &'static str {
        match self {
            DataRole::Walidata => "Walidata",
            DataRole::WalidataPendukung => "Walidata Pendukung",
            DataRole::ProdusenData => "Produsen Data",
        }
    }

    /// The name shown to users, in English.
    pub fn label_en(self) -> &'static str {
        match self {
            DataRole::Walidata => "Data custodian (walidata)",
            DataRole::WalidataPendukung => "Supporting data custodian",
            DataRole::ProdusenData => "Data producer",
        }
    }

    /// Whether the grant names an OPD: a produsen data always does (the OPD whose data it
    /// produces); the walidata roles work for the whole instansi and name none.
    pub fn needs_opd(self) -> bool {
        self == DataRole::ProdusenData
    }
}

/// A user's Satu Data grant: the role and, for a produsen data, its OPD (in the user's
/// instansi).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DataGrant {
    pub role: DataRole,
    pub opd: Option<i64>,
}

/// Everything a decision needs to know about the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    pub instansi: Option<i64>,
    pub opd: Option<i64>,
    /// The Satu Data grant beside the SPBE role, in the same instansi.
    pub data: Option<DataGrant>,
}

/// Where a target sits: its instansi, the province that contains that instansi (or the
/// instansi itself when it is a province), and its OPD when it belongs to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub instansi: i64,
    pub province: Option<i64>,
    pub opd: Option<i64>,
}

impl Target {
    pub fn instansi(instansi: i64, province: Option<i64>) -> Self {
        Target {
            instansi,
            province,
            opd: None,
        }
    }

    pub fn opd(instansi: i64, province: Option<i64>, opd: i64) -> Self {
        Target {
            instansi,
            province,
            opd: Some(opd),
        }
    }
}

/// How the target relates to the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reach {
    /// The actor's own OPD (or something inside it).
    OwnOpd,
    /// The actor's own instansi, outside the actor's OPD (or at instansi level).
    OwnInstansi,
    /// An instansi inside the actor's province (the actor works at province level).
    InProvince,
    /// Anything else.
    Outside,
}

pub fn reach(actor: &Actor, target: &Target) -> Reach {
    match actor.instansi {
        Some(own) if own == target.instansi => {
            if target.opd.is_some() && actor.opd == target.opd {
                Reach::OwnOpd
            } else {
                Reach::OwnInstansi
            }
        }
        Some(own) if target.province == Some(own) => Reach::InProvince,
        _ => Reach::Outside,
    }
}

/// What can be done. Later features add their actions here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See an instansi and its dashboard.
    ViewInstansi,
    /// See an OPD (in lists and on its own).
    ViewOpd,
    /// Add, rename or deactivate OPDs.
    ManageOpd,
    /// See user accounts.
    ViewUsers,
    /// Add users, change their role, reset their password, deactivate them.
    ManageUsers,
    /// Read the audit log.
    ViewAudit,
    /// Open evaluation periods, assign indicators to OPDs, carry work forward.
    ManagePeriod,
    /// Fill an indicator: claimed level, narrative, evidence, and submit it. The target is the
    /// indicator's lead OPD.
    EditIndicator,
    /// Return or accept a submitted indicator, review its evidence (internal assessment).
    ReviewIndicator,
    /// Enter final values (external assessment or an imported official result).
    SetFinal,
    /// See the overview of an instansi's members (a province's kabupaten/kota, the country's
    /// provinces): the target is the instansi whose members are shown.
    ViewOverview,
    /// Write a recommendation (pembinaan) to an instansi: a province to its kabupaten/kota.
    Recommend,
    /// Read the recommendations written to an instansi.
    ViewRecommendations,
    /// Mark a recommendation to one's own instansi as followed up.
    FollowUpRecommendation,
    /// Read an indicator's work in full: its narratives, its evidence and its discussion. The
    /// target is the indicator's lead OPD (a contributing OPD's reading is decided by the
    /// application, which knows the contributors). Who may not sees only the indicator's
    /// number, name, lead OPD, status and value.
    ReadIndicatorWork,
    /// Read an instansi's Arsitektur SPBE: its items, links, gaps and counts. Every role of the
    /// instansi (an operator too: its OPD's items link to other OPDs'), and its province.
    ViewArchitecture,
    /// Enter, change, link, delete and submit architecture items. The target is the item's OPD:
    /// an operator only its own OPD's; the admin instansi and the koordinator all of the
    /// instansi's.
    EditArchitecture,
    /// Verify a submitted architecture item, or return it with a note.
    VerifyArchitecture,
    /// Read the reference models of the Arsitektur SPBE (national public data): every role,
    /// asked at the caller's own instansi.
    ReadReferenceModel,
    /// Satu Data: read a dataset that is not public (a draft, one under review, a withdrawn or
    /// non-Terbuka one) and its workflow history. The target is the dataset's OPD.
    ReadDataset,
    /// Satu Data: draft a dataset of an OPD, change its metadata and resources, submit it to the
    /// walidata. The target is the dataset's OPD.
    EditDataset,
    /// Satu Data: check a submitted dataset field by field, return it with notes or approve it.
    ReviewDataset,
    /// Satu Data: record the pembina's verdict on data prioritas, publish a dataset, withdraw it.
    PublishDataset,
    /// Read an instansi's Peta Rencana SPBE: its roadmaps, their versions and items. Every role
    /// of the instansi, and nobody outside it.
    ViewRoadmap,
    /// Draft a roadmap, enact it, review it, enter and change its items: the admin instansi and
    /// the koordinator.
    EditRoadmap,
    /// Report an item's semester realisation. The target is the item's OPD: an operator its own
    /// OPD's items, the admin instansi and the koordinator any.
    ReportRealisation,
}

impl Action {
    pub const ALL: [Action; 26] = [
        Action::ViewInstansi,
        Action::ViewOpd,
        Action::ManageOpd,
        Action::ViewUsers,
        Action::ManageUsers,
        Action::ViewAudit,
        Action::ManagePeriod,
        Action::EditIndicator,
        Action::ReviewIndicator,
        Action::SetFinal,
        Action::ViewOverview,
        Action::Recommend,
        Action::ViewRecommendations,
        Action::FollowUpRecommendation,
        Action::ReadIndicatorWork,
        Action::ViewArchitecture,
        Action::EditArchitecture,
        Action::VerifyArchitecture,
        Action::ReadReferenceModel,
        Action::ReadDataset,
        Action::EditDataset,
        Action::ReviewDataset,
        Action::PublishDataset,
        Action::ViewRoadmap,
        Action::EditRoadmap,
        Action::ReportRealisation,
    ];

    /// Satu Data's actions, which come from a [`DataGrant`], never from an SPBE [`Role`] (but
    /// the superadmin's).
    pub fn is_satu_data(self) -> bool {
        matches!(
            self,
            Action::ReadDataset
                | Action::EditDataset
                | Action::ReviewDataset
                | Action::PublishDataset
        )
    }

    /// Actions of an instansi's own evaluation, which a province does not take over.
    pub fn is_evaluation_work(self) -> bool {
        matches!(
            self,
            Action::ManagePeriod
                | Action::EditIndicator
                | Action::ReviewIndicator
                | Action::SetFinal
        )
    }

    /// Actions on an instansi's own Arsitektur SPBE, which a province reads but does not write.
    pub fn is_architecture_work(self) -> bool {
        matches!(self, Action::EditArchitecture | Action::VerifyArchitecture)
    }

    /// The Peta Rencana's actions, which stay inside the instansi (a province neither reads nor
    /// writes its members' roadmaps).
    pub fn is_roadmap(self) -> bool {
        matches!(
            self,
            Action::ViewRoadmap | Action::EditRoadmap | Action::ReportRealisation
        )
    }
}

/// The one permission decision.
pub fn allows(actor: &Actor, action: Action, target: &Target) -> bool {
    use Action::*;
    use Reach::*;
    let reach = reach(actor, target);
    let own = matches!(reach, OwnOpd | OwnInstansi);
    let reads = matches!(
        action,
        ViewInstansi
            | ViewOpd
            | ViewRecommendations
            | ReadIndicatorWork
            | ReadReferenceModel
            | ViewArchitecture
            | ViewRoadmap
    );
    match actor.role {
        Role::Superadmin => true,
        _ if action.is_satu_data() => allows_data(actor, action, target),
        // coaching goes to the province's kabupaten/kota, not to itself
        Role::AdminProvinsi if action == Recommend => reach == InProvince,
        Role::AdminProvinsi
            if action.is_evaluation_work()
                || action.is_architecture_work()
                || action.is_roadmap()
                || action == FollowUpRecommendation =>
        {
            own
        }
        Role::AdminProvinsi => own || reach == InProvince,
        // a kabupaten/kota has no members to overview and coaches nobody
        Role::AdminInstansi => own && !matches!(action, ViewOverview | Recommend),
        Role::Koordinator => {
            own && (reads
                || matches!(
                    action,
                    ViewUsers
                        | ViewAudit
                        | ManagePeriod
                        | FollowUpRecommendation
                        | EditArchitecture
                        | VerifyArchitecture
                        | EditRoadmap
                        | ReportRealisation
                ))
        }
        Role::AsesorInternal => own && (reads || action == ReviewIndicator),
        Role::AsesorEksternal => own && (reads || action == SetFinal),
        Role::Pimpinan => own && reads,
        Role::OperatorOpd => match action {
            ViewInstansi | ViewRecommendations | ReadReferenceModel | ViewArchitecture
            | ViewRoadmap => own,
            // an operator reads the work of its own OPD's indicators only, and enters its own
            // OPD's architecture items
            ViewOpd | EditIndicator | ReadIndicatorWork | EditArchitecture | ReportRealisation => {
                reach == OwnOpd
            }
            _ => false,
        },
    }
}

/// Satu Data's actions, from the actor's [`DataGrant`] inside its own instansi: the walidata
/// does everything, the walidata pendukung reads and checks, a produsen data reads and edits
/// its grant's OPD only (whatever OPD its SPBE role sits at).
fn allows_data(actor: &Actor, action: Action, target: &Target) -> bool {
    use Action::*;
    if actor.instansi != Some(target.instansi) {
        return false;
    }
    let Some(grant) = actor.data else {
        // the admin instansi reads its instansi's catalog without a data role
        return actor.role == Role::AdminInstansi && action == ReadDataset;
    };
    match grant.role {
        DataRole::Walidata => true,
        DataRole::WalidataPendukung => matches!(action, ReadDataset | ReviewDataset),
        DataRole::ProdusenData => {
            matches!(action, ReadDataset | EditDataset)
                && target.opd.is_some()
                && target.opd == grant.opd
        }
    }
}

/// Whether `actor` may grant or withdraw a Satu Data role of a user placed at `target`: whoever
/// may manage that user's account.
pub fn may_grant_data_role(actor: &Actor, target: &Target) -> bool {
    allows(actor, Action::ManageUsers, target)
}

/// Whether `actor` may give `role` to a user placed at `target`: they must be allowed to manage
/// users there, and may not hand out a role above their own.
pub fn may_assign_role(actor: &Actor, role: Role, target: &Target) -> bool {
    allows(actor, Action::ManageUsers, target) && gives(actor.role, role)
}

/// Whether someone with role `giver` may hand out `role` anywhere they manage users: never a
/// role above their own.
pub fn gives(giver: Role, role: Role) -> bool {
    match giver {
        Role::Superadmin => true,
        Role::AdminProvinsi => role != Role::Superadmin,
        Role::AdminInstansi => !matches!(role, Role::Superadmin | Role::AdminProvinsi),
        _ => false,
    }
}

/// The roles someone with role `giver` may hand out ([`gives`]), in [`Role::ALL`]'s order.
pub fn assignable_roles(giver: Role) -> Vec<Role> {
    Role::ALL.into_iter().filter(|r| gives(giver, *r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("admin"), None);
        for role in DataRole::ALL {
            assert_eq!(DataRole::from_code(role.code()), Some(role));
        }
        assert_eq!(DataRole::from_code("walidata pendukung"), None);
    }

    #[test]
    fn instansi_kinds_nest() {
        assert_eq!(
            InstansiKind::Kota.parent_kind(),
            Some(InstansiKind::Provinsi)
        );
        assert_eq!(InstansiKind::Nasional.parent_kind(), None);
        assert_eq!(
            InstansiKind::from_code("kabupaten"),
            Some(InstansiKind::Kabupaten)
        );
    }
}
