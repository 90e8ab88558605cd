//! Unit tests of the charts: well-formed markup, escaping, axes and points, proportions.

use super::*;
use padu_core::Exact;

/// Every opened tag is closed, in order: a minimal well-formedness check.
fn assert_well_formed(svg: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("a closing >") + start;
        let tag = &rest[start + 1..end];
        assert!(!tag.contains('<'), "no < inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "closing {name}");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().expect("a tag name");
            stack.push(name.to_string());
        }
        // attribute values are quoted and hold no raw quote or <
        assert_eq!(tag.matches('"').count() % 2, 0, "balanced quotes: {tag}");
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    for (i, _) in svg.match_indices('&') {
        let entity = &svg[i..svg[i..].find(';').map_or(svg.len(), |e| i + e + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&entity),
            "a known entity: {entity}"
        );
    }
}

fn radar(axes: usize, series: usize) -> String {
    radar_chart(&RadarChart {
        id: "radar",
        title: "Nilai per aspek <&\"uji\">",
        desc: "Mandiri, diterima dan final",
        scale: Scale { min: 1, max: 5 },
        axes: (0..axes)
            .map(|i| {
                format!(
                    "A{} Layanan <Publik> & \"Berbasis\" Elektronik Daerah",
                    i + 1
                )
            })
            .collect(),
        series: (0..series)
            .map(|s| RadarSeries {
                name: ["Mandiri", "Diterima", "Final", "Lain"][s].to_string(),
                values: (0..axes)
                    .map(|i| {
                        (i != 1).then_some(1.0 + f64::from(u32::try_from(i + s).unwrap_or(0) % 5))
                    })
                    .collect(),
            })
            .collect(),
    })
}
#[test]
fn chart_text_is_escaped_and_described() {
    let svg = bar_chart(&BarChart {
        id: "grafik-uji",
        title: "Aspek <1> & \"dua\"",
        desc: "Nilai klaim, diterima dan final",
        series: ["Klaim", "Diterima", "Final"],
        missing: "belum ada",
        scale: Scale { min: 1, max: 5 },
        rows: vec![BarRow {
            label: "Tata Kelola & Manajemen".into(),
            values: [Some((2.5, "2,50".into())), None, Some((1.0, "1,00".into()))],
        }],
    });
    assert!(svg.starts_with("<svg class=\"chart__svg\""));
    assert!(
        svg.contains(
            "<title id=\"grafik-uji-judul\">Aspek &lt;1&gt; &amp; &quot;dua&quot;</title>"
        )
    );
    assert!(svg.contains("<desc id=\"grafik-uji-ket\">"));
    assert!(svg.contains("Tata Kelola &amp; Manajemen"));
    assert!(svg.contains(">2,50<") && svg.contains(">Diterima: belum ada<"));
    assert!(!svg.contains("style="));
    // 2.5 on 1-5 is 3/8 of the plot
    let expected = f64::from(PLOT_RIGHT - PLOT_LEFT) * 0.375;
    assert!(svg.contains(&format!("width=\"{expected:.1}\"")));
    assert!(svg.ends_with("</svg>"));
}

#[test]
fn long_labels_are_cut() {
    let long = "x".repeat(100);
    assert_eq!(cut(&long).chars().count(), MAX_LABEL);
    assert!(cut(&long).ends_with('…'));
    assert_eq!(cut("pendek"), "pendek");
}

#[test]
fn the_trend_draws_every_point_and_the_target() {
    let point = |year: &str, v: f64, current| LinePoint {
        label: [year.into(), "Evaluasi".into()],
        value: v,
        text: format!("{v:.2}").replace('.', ","),
        current,
    };
    let svg = line_chart(&LineChart {
        id: "tren",
        title: "Tren indeks",
        desc: "Indeks per periode",
        scale: Scale { min: 1, max: 5 },
        points: vec![point("2024", 1.55, false), point("2026", 2.1, true)],
        target: Some((2.6, "Target 2,60".into())),
    });
    assert_eq!(svg.matches("<circle").count(), 2);
    assert!(svg.contains("<polyline"));
    assert!(svg.contains(">Target 2,60<") && svg.contains("stroke-dasharray"));
    assert!(svg.contains(">1,55<") && svg.contains(">2024<"));
}
#[test]
fn radar_has_an_axis_per_aspect_a_ring_per_level_and_a_point_per_value() {
    let svg = radar(8, 3);
    assert_well_formed(&svg);
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains(
        "<title id=\"radar-judul\">Nilai per aspek &lt;&amp;&quot;uji&quot;&gt;</title>"
    ));
    assert_eq!(svg.matches("<line ").count(), 8, "one axis per aspect");
    // 5 rings + 3 series
    assert_eq!(svg.matches("<polygon ").count(), 5 + 3);
    assert_eq!(svg.matches("<circle ").count(), 8 * 3);
    assert!(svg.contains("A1 Layanan &lt;Publik&gt; &amp;"));
    assert!(!svg.contains("<Publik>") && !svg.contains("style="));
    // a fourth series is left out, and so is its legend entry
    let four = radar(7, 4);
    assert_well_formed(&four);
    assert_eq!(four.matches("<circle ").count(), 7 * 3);
    assert!(!four.contains(">Lain<"));
}

#[test]
fn radar_values_are_proportional_to_the_scale() {
    let svg = radar_chart(&RadarChart {
        id: "r",
        title: "t",
        desc: "d",
        scale: Scale { min: 1, max: 5 },
        axes: vec!["atas".into(), "kanan".into(), "bawah".into(), "kiri".into()],
        series: vec![RadarSeries {
            name: "Mandiri".into(),
            values: vec![Some(5.0), Some(2.5), None, Some(1.0)],
        }],
    });
    assert_well_formed(&svg);
    let (cx, cy) = (320.0, 250.0);
    // top axis at the full radius; right at half; bottom (none) at the centre; left at 1/5
    assert!(svg.contains(&format!("cx=\"{cx:.1}\" cy=\"{:.1}\"", cy - RADAR_RADIUS)));
    assert!(svg.contains(&format!(
        "cx=\"{:.1}\" cy=\"{cy:.1}\"",
        cx + RADAR_RADIUS / 2.0
    )));
    assert!(svg.contains(&format!("cx=\"{cx:.1}\" cy=\"{cy:.1}\"")));
    assert!(svg.contains(&format!(
        "cx=\"{:.1}\" cy=\"{cy:.1}\"",
        cx - RADAR_RADIUS / 5.0
    )));
}

#[test]
fn long_axis_labels_wrap_onto_three_lines_at_most() {
    assert_eq!(wrap("Tata Kelola", 24, 3), vec!["Tata Kelola"]);
    let lines = wrap(
        "Layanan Administrasi Pemerintahan Berbasis Elektronik yang sangat panjang sekali dan lagi",
        24,
        3,
    );
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l.chars().count() <= 24));
    assert!(lines[2].ends_with('…'));
}

#[test]
fn the_trend_comes_from_trend_entries() {
    let entry = |label: &str, index: u128, current| TrendEntry {
        label: label.into(),
        index: Exact::new(index, 100),
        instrument: "permenpanrb-59-2020".into(),
        current,
    };
    let trend = [
        entry("2024", 155, false),
        entry("2025", 195, false),
        entry("2026 S1", 235, true),
    ];
    let points = trend_points(&trend, |e| {
        format!("{:.2}", e.index.to_f64()).replace('.', ",")
    });
    assert_eq!(points[2].label, ["2026".to_string(), "S1".to_string()]);
    assert_eq!(points[0].label, ["2024".to_string(), String::new()]);
    let svg = line_chart(&LineChart {
        id: "tren",
        title: "Tren & <indeks>",
        desc: "Indeks per periode",
        scale: Scale { min: 1, max: 5 },
        points,
        target: Some((2.6, "Target 2,60".into())),
    });
    assert_well_formed(&svg);
    assert_eq!(svg.matches("<circle").count(), 3);
    assert!(svg.contains(">1,55<") && svg.contains(">2,35<") && svg.contains(">S1<"));
    // 1,55 on 1..5 between y 216 (1) and 24 (5)
    let y = 216.0 - (0.55 / 4.0) * 192.0;
    assert!(svg.contains(&format!("cy=\"{y:.1}\"")));
}

#[test]
fn every_chart_is_well_formed() {
    let bars = bar_chart(&BarChart {
        id: "b",
        title: "<b>",
        desc: "&",
        series: ["Mandiri", "Diterima", "Final"],
        missing: "belum ada",
        scale: Scale { min: 1, max: 5 },
        rows: vec![BarRow {
            label: "x\"y'z".into(),
            values: [Some((2.0, "2".into())), None, Some((3.0, "3".into()))],
        }],
    });
    assert_well_formed(&bars);
    assert_eq!(bars.matches("<rect ").count(), 3 + 2, "legend and two bars");
    let timeline = timeline_chart(&TimelineChart {
        id: "t",
        title: "Rencana <aksi>",
        desc: "d",
        series: ["Upaya", "Rencana", "Aktual"],
        scale: Scale { min: 1, max: 5 },
        semesters: vec![
            (
                "Semester 1".into(),
                20,
                2.1,
                "20 hari".into(),
                "2,10".into(),
            ),
            (
                "Semester 2".into(),
                40,
                2.6,
                "40 hari".into(),
                "2,60".into(),
            ),
        ],
        actual: (1.9, "Aktual 1,90".into()),
    });
    assert_well_formed(&timeline);
    assert_eq!(timeline.matches("<circle").count(), 2);
}

#[test]
fn counts_are_bars_from_zero_to_the_largest() {
    let bar = |label: &str, count| CountBar {
        label: label.into(),
        count,
    };
    let svg = count_chart(&CountChart {
        id: "sebaran",
        title: "Sebaran <predikat>",
        desc: "Jumlah instansi per predikat",
        bars: vec![
            bar("Memuaskan", 0),
            bar("Baik & \"Cukup\"", 4),
            bar("Kurang", 1_200),
        ],
    });
    assert_well_formed(&svg);
    assert!(svg.starts_with("<svg class=\"chart__svg\""));
    assert!(svg.contains("<title id=\"sebaran-judul\">Sebaran &lt;predikat&gt;</title>"));
    assert!(svg.contains("Baik &amp; &quot;Cukup&quot;"));
    assert!(svg.contains(">0<") && svg.contains(">4<") && svg.contains(">1.200<"));
    assert!(!svg.contains("style="));
    // the largest fills the track, zero draws nothing, a small count still shows
    let span = WIDTH - 190 - 56;
    assert_eq!(svg.matches(&format!("width=\"{span}\"")).count(), 4);
    assert!(svg.contains("width=\"0\"") && svg.contains("width=\"3\""));
}
