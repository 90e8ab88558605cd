//! The DataStore: a row table per version, filled in batches, recorded as a resource's next
//! version (audited), queried by filters, search, sort and paging with the stored total, older
//! versions still readable, every table dropped with its resource or dataset.

use std::collections::BTreeMap;

use padu_core::satu_data::table::{Cell, ColumnType, TableColumn, TableProblem};
use padu_core::satu_data::{self, DatasetInput};
use padu_store::satu_data::{NewResource, NewVersion, RowQuery};
use padu_store::testing::databases;
use padu_store::{AuditFilter, Who};

use crate::org::tree;

fn columns() -> Vec<TableColumn> {
    [
        ("kecamatan", ColumnType::Text),
        ("tahun", ColumnType::Integer),
        ("rasio", ColumnType::Numeric),
        ("tanggal", ColumnType::Date),
    ]
    .into_iter()
    .map(|(n, k)| TableColumn {
        name: n.into(),
        kind: k,
    })
    .collect()
}

fn row(kec: &str, tahun: i64, rasio: Option<f64>) -> Vec<Cell> {
    vec![
        Cell::Text(kec.into()),
        Cell::Int(tahun),
        rasio.map_or(Cell::Null, Cell::Num),
        Cell::Text(format!("{tahun}-06-30")),
    ]
}

fn version(sha: &str) -> NewVersion {
    NewVersion {
        url_prefix: "https://padu.example/r/".into(),
        file_name: "kunjungan puskesmas.csv".into(),
        format: "CSV".into(),
        sha256: sha.into(),
        size: 120,
        content_type: "text/csv; charset=utf-8".into(),
        columns: columns(),
        problems: vec![TableProblem {
            row: 5,
            column: String::new(),
            message: "Baris berisi 6 sel".into(),
        }],
        problems_omitted: 0,
    }
}

#[tokio::test]
async fn tables_are_loaded_versioned_queried_and_dropped_with_their_resource() {
    for db in databases().await {
        let label = db.label;
        let store = &db.store;
        let (_, _, kab) = tree(store).await;
        let who = Who::system("uji");
        let dinkes = store
            .create_opd(&who, kab, "Dinas Kesehatan", "dinkes")
            .await
            .expect("opd")
            .id;
        let input = DatasetInput {
            title: Some("Kunjungan Puskesmas".into()),
            extras: Some(BTreeMap::new()),
            ..Default::default()
        };
        let fields = satu_data::apply(None, &input).expect("valid");
        let ds = store
            .create_dataset(&who, kab, dinkes, &fields)
            .await
            .expect("dataset");
        let sha = "ab".repeat(32);
        let mut load = store.datastore_load(&sha, &columns()).await.expect("load");
        let kec = ["Panggul", "Munjungan", "Watulimo", "Kampak"];
        let rows: Vec<Vec<Cell>> = (0..2500)
            .map(|i| {
                let rasio = (i % 7 != 0).then_some(f64::from(i % 100) / 10.0);
                row(kec[i as usize % 4], 2015 + i64::from(i % 11), rasio)
            })
            .collect();
        for chunk in rows.chunks(1000) {
            load.insert(&columns(), chunk).await.expect("insert");
        }
        load.finish().await.expect("index");
        let new = NewResource {
            name: "Kunjungan".into(),
            url: String::new(),
            format: "CSV".into(),
            description: String::new(),
        };
        let (r, v1) = store
            .record_datastore_version(&who, ds.id, None, &new, &load, &version(&sha))
            .await
            .expect("record");
        assert_eq!((v1.version, v1.row_count), (1, 2500), "{label}");
        assert_eq!(
            r.url,
            format!(
                "https://padu.example/r/{}/download/kunjungan%20puskesmas.csv",
                r.id
            ),
            "{label}"
        );
        assert_eq!(r.table.as_ref().map(|t| t.row_count), Some(2500), "{label}");
        let shown = store.dataset(ds.id).await.expect("read").expect("dataset");
        assert_eq!(
            shown.resources[0].table.as_ref().map(|t| t.version),
            Some(1),
            "{label}"
        );

        // the total without a filter is the stored count; with one, counted
        let all = store
            .datastore_rows(
                &v1,
                &RowQuery {
                    limit: 3,
                    include_total: true,
                    ..Default::default()
                },
            )
            .await
            .expect("rows");
        assert_eq!(all.total, Some(2500), "{label}");
        assert_eq!(
            all.rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            [1, 2, 3],
            "{label}"
        );
        assert_eq!(all.rows[0].1, row("Panggul", 2015, None), "{label}");
        let q = RowQuery {
            filters: vec![
                (0, vec![Cell::Text("Panggul".into())]),
                (1, vec![Cell::Int(2025), Cell::Int(2024)]),
            ],
            sort: vec![(Some(1), true), (None, false)],
            limit: 5,
            include_total: true,
            ..Default::default()
        };
        let page = store.datastore_rows(&v1, &q).await.expect("filtered");
        let expected = (0..2500)
            .filter(|i| i % 4 == 0 && (i % 11 == 10 || i % 11 == 9))
            .count() as i64;
        assert_eq!(page.total, Some(expected), "{label}");
        assert_eq!(page.rows.len(), 5, "{label}");
        assert!(
            page.rows
                .iter()
                .all(|(_, c)| c[0] == Cell::Text("Panggul".into())),
            "{label}"
        );
        assert_eq!(page.rows[0].1[1], Cell::Int(2025), "{label}");
        let nulls = store
            .datastore_rows(
                &v1,
                &RowQuery {
                    filters: vec![(2, vec![Cell::Null])],
                    limit: 10_000,
                    include_total: true,
                    ..Default::default()
                },
            )
            .await
            .expect("nulls");
        assert_eq!(
            nulls.total,
            Some((0..2500).filter(|i| i % 7 == 0).count() as i64),
            "{label}"
        );
        let searched = store
            .datastore_rows(
                &v1,
                &RowQuery {
                    q: vec!["WATU".into()],
                    limit: 1,
                    offset: 2,
                    include_total: true,
                    ..Default::default()
                },
            )
            .await
            .expect("q");
        assert_eq!(searched.total, Some(625), "{label}");
        assert_eq!(searched.rows[0].0, 11, "{label}: the third Watulimo row");
        let after = store
            .datastore_rows(
                &v1,
                &RowQuery {
                    after_id: Some(2498),
                    limit: 10,
                    ..Default::default()
                },
            )
            .await
            .expect("after");
        assert_eq!(
            after.rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            [2499, 2500],
            "{label}"
        );
        let wild = store
            .datastore_rows(
                &v1,
                &RowQuery {
                    q: vec!["%".into()],
                    limit: 1,
                    include_total: true,
                    ..Default::default()
                },
            )
            .await
            .expect("wild");
        assert_eq!(
            wild.total,
            Some(0),
            "{label}: % is a character, not a wildcard"
        );

        // a second version: the first stays readable
        let mut load2 = store
            .datastore_load(&"cd".repeat(32), &columns())
            .await
            .expect("load");
        load2
            .insert(&columns(), &[row("Durenan", 2026, Some(1.5))])
            .await
            .expect("insert");
        load2.finish().await.expect("index");
        let (_, v2) = store
            .record_datastore_version(
                &who,
                ds.id,
                Some(r.id),
                &new,
                &load2,
                &version(&"cd".repeat(32)),
            )
            .await
            .expect("v2");
        assert_eq!((v2.version, v2.row_count), (2, 1), "{label}");
        let latest = store
            .datastore_version(r.id, None)
            .await
            .expect("v")
            .expect("latest");
        assert_eq!(latest.version, 2, "{label}");
        let old = store
            .datastore_version(r.id, Some(1))
            .await
            .expect("v")
            .expect("old");
        let again = store
            .datastore_rows(
                &old,
                &RowQuery {
                    limit: 1,
                    include_total: true,
                    ..Default::default()
                },
            )
            .await
            .expect("old rows");
        assert_eq!(again.total, Some(2500), "{label}");
        assert_eq!(
            store.datastore_versions(r.id).await.expect("list").len(),
            2,
            "{label}"
        );
        let audit = store
            .audit_entries(
                &AuditFilter {
                    action: Some("satu_data.resource.upload".into()),
                    ..Default::default()
                },
                100,
                0,
            )
            .await
            .expect("audit");
        assert_eq!(audit.len(), 2, "{label}");

        // an abandoned load leaves no table; deleting the dataset drops the rest
        let load3 = store
            .datastore_load(&"ef".repeat(32), &columns())
            .await
            .expect("load");
        assert_eq!(
            store.datastore_tables().await.expect("tables").len(),
            3,
            "{label}"
        );
        load3.abandon().await;
        assert_eq!(
            store.datastore_tables().await.expect("tables").len(),
            2,
            "{label}"
        );
        store.delete_dataset(&who, ds.id).await.expect("delete");
        assert!(
            store.datastore_tables().await.expect("tables").is_empty(),
            "{label}"
        );
        assert!(
            store
                .datastore_versions(r.id)
                .await
                .expect("list")
                .is_empty(),
            "{label}"
        );
    }
}
