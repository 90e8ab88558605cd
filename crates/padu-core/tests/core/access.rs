//! The permission matrix: every role x action x where the target sits.

use padu_core::access::{
    Action, Actor, DataGrant, DataRole, Reach, Role, Target, allows, may_assign_role,
    may_grant_data_role, reach,
};

// The organisation tree used here: province 1 holds kabupaten 2 and 3; province 9 is another.
// OPD 20 and 21 are in kabupaten 2; OPD 30 in kabupaten 3.
const PROVINCE: i64 = 1;
const KAB: i64 = 2;
const OTHER_KAB: i64 = 3;
const OTHER_PROVINCE: i64 = 9;

fn actor(role: Role) -> Actor {
    let (instansi, opd) = match role {
        Role::Superadmin => (None, None),
        Role::AdminProvinsi => (Some(PROVINCE), None),
        Role::OperatorOpd => (Some(KAB), Some(20)),
        _ => (Some(KAB), None),
    };
    Actor {
        user_id: 1,
        role,
        instansi,
        opd,
        data: None,
    }
}

/// The places a target can be, relative to an actor at kabupaten 2 (OPD 20) or province 1.
#[derive(Debug, Clone, Copy)]
enum Where {
    OwnOpd,
    OtherOpdSameInstansi,
    SameInstansi,
    OtherKabInProvince,
    OtherProvince,
}

fn target(w: Where) -> Target {
    match w {
        Where::OwnOpd => Target::opd(KAB, Some(PROVINCE), 20),
        Where::OtherOpdSameInstansi => Target::opd(KAB, Some(PROVINCE), 21),
        Where::SameInstansi => Target::instansi(KAB, Some(PROVINCE)),
        Where::OtherKabInProvince => Target::opd(OTHER_KAB, Some(PROVINCE), 30),
        Where::OtherProvince => Target::instansi(OTHER_PROVINCE, Some(OTHER_PROVINCE)),
    }
}

const WHERE: [Where; 5] = [
    Where::OwnOpd,
    Where::OtherOpdSameInstansi,
    Where::SameInstansi,
    Where::OtherKabInProvince,
    Where::OtherProvince,
];

/// The expected matrix. Each row: role, action, then allowed at
/// [own OPD, other OPD same instansi, same instansi, other kab in province, other province].
fn expected() -> Vec<(Role, Action, [bool; 5])> {
    use Action::*;
    use Role::*;
    const ALL: [bool; 5] = [true; 5];
    const NONE: [bool; 5] = [false; 5];
    // for an actor placed at kabupaten 2 the province column is "outside"
    const INSTANSI: [bool; 5] = [true, true, true, false, false];
    // admin_provinsi sits at province 1: kabupaten 2 and 3 are both in its province
    const PROVINCE_TREE: [bool; 5] = [true, true, true, true, false];
    let mut rows = Vec::new();
    // admin_provinsi sits at province 1 and none of these targets is the province instansi
    // itself, so its evaluation work reaches none of them
    for action in Action::ALL {
        rows.push((Superadmin, action, ALL));
        if action.is_satu_data() {
            // Satu Data comes from a data grant (the data matrix below), never from an SPBE
            // role, except that the admin instansi reads its own instansi's catalog
            for role in Role::ALL.into_iter().filter(|r| *r != Superadmin) {
                let cells = if role == AdminInstansi && action == ReadDataset {
                    INSTANSI
                } else {
                    NONE
                };
                rows.push((role, action, cells));
            }
            continue;
        }
        // following a recommendation up is the coached instansi's own act, like its evaluation
        let evaluation = matches!(
            action,
            ManagePeriod
                | EditIndicator
                | ReviewIndicator
                | SetFinal
                | FollowUpRecommendation
                | EditArchitecture
                | VerifyArchitecture
                // the Peta Rencana stays inside the instansi: the province sees nothing of it
                | ViewRoadmap
                | EditRoadmap
                | ReportRealisation
        );
        rows.push((
            AdminProvinsi,
            action,
            if evaluation { NONE } else { PROVINCE_TREE },
        ));
        // a kabupaten/kota has no members to overview and coaches nobody
        let province_only = matches!(action, ViewOverview | Recommend);
        rows.push((
            AdminInstansi,
            action,
            if province_only { NONE } else { INSTANSI },
        ));
        // reading an indicator's work in full (narratives, evidence, discussion) is a read for
        // every instansi-level role and the province
        // the reference models are national public data: every role reads them where it works
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
        // the koordinator (Tim Koordinasi SPBE) enters and verifies the architecture with the
        // admin instansi
        let koordinator = reads
            || matches!(
                action,
                ViewUsers
                    | ViewAudit
                    | ManagePeriod
                    | FollowUpRecommendation
                    | EditArchitecture
                    | VerifyArchitecture
                    // the koordinator drafts, enacts and reviews the roadmap with the admin
                    | EditRoadmap
                    | ReportRealisation
            );
        rows.push((
            Koordinator,
            action,
            if koordinator { INSTANSI } else { NONE },
        ));
        let asesor = reads || action == ReviewIndicator;
        rows.push((AsesorInternal, action, if asesor { INSTANSI } else { NONE }));
        let eksternal = reads || action == SetFinal;
        rows.push((
            AsesorEksternal,
            action,
            if eksternal { INSTANSI } else { NONE },
        ));
        rows.push((Pimpinan, action, if reads { INSTANSI } else { NONE }));
        let operator = match action {
            // the architecture is read whole: an OPD's items link to other OPDs'
            ViewInstansi | ViewRecommendations | ReadReferenceModel | ViewArchitecture
            | ViewRoadmap => INSTANSI,
            // an operator reads in full only its own OPD's indicators (a contributing OPD is
            // decided in padu-app, which knows the contributors)
            // and reports the realisation of its own OPD's roadmap items only
            ViewOpd | EditIndicator | ReadIndicatorWork | EditArchitecture | ReportRealisation => {
                [true, false, false, false, false]
            }
            _ => NONE,
        };
        rows.push((OperatorOpd, action, operator));
    }
    rows
}

#[test]
fn the_permission_matrix_holds_for_every_role_action_and_place() {
    let rows = expected();
    assert_eq!(
        rows.len(),
        Role::ALL.len() * Action::ALL.len(),
        "every cell is specified"
    );
    let mut failures = Vec::new();
    for (role, action, allowed) in rows {
        for (w, expect) in WHERE.iter().zip(allowed) {
            let got = allows(&actor(role), action, &target(*w));
            if got != expect {
                failures.push(format!(
                    "{role:?} {action:?} {w:?}: expected {expect}, got {got}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_province_does_its_own_evaluation_work_only() {
    let prov = actor(Role::AdminProvinsi);
    let own = Target::instansi(PROVINCE, Some(PROVINCE));
    for action in [
        Action::ManagePeriod,
        Action::EditIndicator,
        Action::ReviewIndicator,
        Action::SetFinal,
    ] {
        assert!(
            allows(&prov, action, &own),
            "{action:?} in its own province instansi"
        );
        assert!(
            !allows(&prov, action, &target(Where::SameInstansi)),
            "{action:?} in a kabupaten"
        );
    }
}

#[test]
fn a_province_coaches_its_members_not_itself() {
    let prov = actor(Role::AdminProvinsi);
    let own = Target::instansi(PROVINCE, Some(PROVINCE));
    assert!(!allows(&prov, Action::Recommend, &own));
    assert!(allows(
        &prov,
        Action::Recommend,
        &target(Where::SameInstansi)
    ));
    assert!(!allows(
        &prov,
        Action::Recommend,
        &target(Where::OtherProvince)
    ));
    // recommendations to the province itself (from the national level) are its own to follow up
    assert!(allows(&prov, Action::FollowUpRecommendation, &own));
    assert!(allows(&prov, Action::ViewOverview, &own));
    assert!(!allows(
        &prov,
        Action::ViewOverview,
        &target(Where::OtherProvince)
    ));
}

#[test]
fn reach_classifies_targets() {
    let op = actor(Role::OperatorOpd);
    assert_eq!(reach(&op, &target(Where::OwnOpd)), Reach::OwnOpd);
    assert_eq!(
        reach(&op, &target(Where::OtherOpdSameInstansi)),
        Reach::OwnInstansi
    );
    assert_eq!(reach(&op, &target(Where::SameInstansi)), Reach::OwnInstansi);
    assert_eq!(
        reach(&op, &target(Where::OtherKabInProvince)),
        Reach::Outside
    );
    let prov = actor(Role::AdminProvinsi);
    assert_eq!(
        reach(&prov, &target(Where::OtherKabInProvince)),
        Reach::InProvince
    );
    assert_eq!(
        reach(&prov, &Target::instansi(PROVINCE, Some(PROVINCE))),
        Reach::OwnInstansi
    );
    assert_eq!(reach(&prov, &target(Where::OtherProvince)), Reach::Outside);
}

#[test]
fn nobody_hands_out_a_role_above_their_own() {
    let here = target(Where::SameInstansi);
    let admin = actor(Role::AdminInstansi);
    assert!(may_assign_role(&admin, Role::OperatorOpd, &here));
    assert!(may_assign_role(&admin, Role::AdminInstansi, &here));
    assert!(!may_assign_role(&admin, Role::AdminProvinsi, &here));
    assert!(!may_assign_role(&admin, Role::Superadmin, &here));
    assert!(!may_assign_role(
        &admin,
        Role::OperatorOpd,
        &target(Where::OtherKabInProvince)
    ));
    let prov = actor(Role::AdminProvinsi);
    assert!(may_assign_role(
        &prov,
        Role::AdminInstansi,
        &target(Where::OtherKabInProvince)
    ));
    assert!(!may_assign_role(&prov, Role::Superadmin, &here));
    assert!(!may_assign_role(
        &prov,
        Role::AdminInstansi,
        &target(Where::OtherProvince)
    ));
    for role in [
        Role::Koordinator,
        Role::OperatorOpd,
        Role::Pimpinan,
        Role::AsesorInternal,
        Role::AsesorEksternal,
    ] {
        for given in Role::ALL {
            assert!(
                !may_assign_role(&actor(role), given, &here),
                "{role:?} gives {given:?}"
            );
        }
    }
    assert!(may_assign_role(
        &actor(Role::Superadmin),
        Role::Superadmin,
        &target(Where::OtherProvince)
    ));
}

/// An operator of OPD 21 in kabupaten 2 holding `grant` beside its SPBE role: the grant, not
/// the SPBE OPD, decides Satu Data.
fn data_actor(role: DataRole) -> Actor {
    Actor {
        user_id: 5,
        role: Role::OperatorOpd,
        instansi: Some(KAB),
        opd: Some(21),
        data: Some(DataGrant {
            role,
            opd: role.needs_opd().then_some(20),
        }),
    }
}

/// The Satu Data matrix: each data role x data action at
/// [grant's OPD 20, OPD 21 of the same instansi, the instansi, another kab, another province].
#[test]
fn the_satu_data_matrix_holds_for_every_data_role_action_and_place() {
    use Action::*;
    const INSTANSI: [bool; 5] = [true, true, true, false, false];
    const NONE: [bool; 5] = [false; 5];
    const GRANT_OPD: [bool; 5] = [true, false, false, false, false];
    let data_actions: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|a| a.is_satu_data())
        .collect();
    assert_eq!(data_actions.len(), 4);
    let mut failures = Vec::new();
    for role in DataRole::ALL {
        for action in &data_actions {
            let expected = match (role, action) {
                (DataRole::Walidata, _) => INSTANSI,
                (DataRole::WalidataPendukung, ReadDataset | ReviewDataset) => INSTANSI,
                (DataRole::ProdusenData, ReadDataset | EditDataset) => GRANT_OPD,
                _ => NONE,
            };
            for (w, expect) in WHERE.iter().zip(expected) {
                let got = allows(&data_actor(role), *action, &target(*w));
                if got != expect {
                    failures.push(format!(
                        "{role:?} {action:?} {w:?}: expected {expect}, got {got}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_data_grant_adds_nothing_to_the_spbe_role() {
    for role in DataRole::ALL {
        let with = data_actor(role);
        let without = Actor { data: None, ..with };
        for action in Action::ALL.into_iter().filter(|a| !a.is_satu_data()) {
            for w in WHERE {
                assert_eq!(
                    allows(&with, action, &target(w)),
                    allows(&without, action, &target(w)),
                    "{role:?} {action:?} {w:?}"
                );
            }
        }
        // and without the grant the same person has no Satu Data right at all
        for action in Action::ALL.into_iter().filter(|a| a.is_satu_data()) {
            assert!(!allows(&without, action, &target(Where::OwnOpd)));
        }
    }
}

#[test]
fn a_data_grant_is_given_by_whoever_manages_the_users_account() {
    let here = target(Where::SameInstansi);
    assert!(may_grant_data_role(&actor(Role::AdminInstansi), &here));
    assert!(may_grant_data_role(&actor(Role::AdminProvinsi), &here));
    assert!(may_grant_data_role(&actor(Role::Superadmin), &here));
    assert!(!may_grant_data_role(
        &actor(Role::AdminInstansi),
        &target(Where::OtherKabInProvince)
    ));
    for role in [
        Role::Koordinator,
        Role::OperatorOpd,
        Role::Pimpinan,
        Role::AsesorInternal,
        Role::AsesorEksternal,
    ] {
        assert!(!may_grant_data_role(&actor(role), &here), "{role:?}");
    }
    // the walidata checks and publishes data, it does not hand out accounts' roles
    assert!(!may_grant_data_role(&data_actor(DataRole::Walidata), &here));
}
