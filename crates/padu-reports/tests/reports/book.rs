//! A small workbook editor for tests: reads an XLSX with calamine and writes it again with
//! rust_xlsxwriter (as a user's spreadsheet program would), with some cells changed. Shared by
//! the padu-reports and padu-web tests (included by path).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Workbook, Worksheet};

/// A workbook as a grid of cells per sheet.
#[derive(Debug, Clone)]
pub struct Book {
    pub sheets: Vec<(String, Vec<Vec<Data>>)>,
}

/// (0-based row, 0-based column) of "I5".
pub fn cell_ref(reference: &str) -> (usize, usize) {
    let split = reference
        .find(|c: char| c.is_ascii_digit())
        .expect("a row number");
    let (letters, digits) = reference.split_at(split);
    let col = letters
        .bytes()
        .fold(0usize, |acc, b| acc * 26 + usize::from(b - b'A' + 1))
        - 1;
    (digits.parse::<usize>().expect("row") - 1, col)
}

impl Book {
    pub fn read(bytes: &[u8]) -> Book {
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("readable xlsx");
        let sheets = workbook
            .worksheets()
            .into_iter()
            .map(|(name, range)| {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let mut grid = vec![Vec::new(); r0 as usize];
                for cells in range.rows() {
                    let mut row = vec![Data::Empty; c0 as usize];
                    row.extend(cells.iter().cloned());
                    grid.push(row);
                }
                (name, grid)
            })
            .collect();
        Book { sheets }
    }

    fn grid(&mut self, sheet: &str) -> &mut Vec<Vec<Data>> {
        &mut self
            .sheets
            .iter_mut()
            .find(|(n, _)| n == sheet)
            .expect("sheet")
            .1
    }

    pub fn get(&self, sheet: &str, reference: &str) -> Data {
        let (r, c) = cell_ref(reference);
        self.sheets
            .iter()
            .find(|(n, _)| n == sheet)
            .and_then(|(_, g)| g.get(r))
            .and_then(|row| row.get(c))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    pub fn set(&mut self, sheet: &str, reference: &str, value: Data) -> &mut Self {
        let (r, c) = cell_ref(reference);
        let grid = self.grid(sheet);
        if grid.len() <= r {
            grid.resize(r + 1, Vec::new());
        }
        if grid[r].len() <= c {
            grid[r].resize(c + 1, Data::Empty);
        }
        grid[r][c] = value;
        self
    }

    pub fn text(&mut self, sheet: &str, reference: &str, value: &str) -> &mut Self {
        self.set(sheet, reference, Data::String(value.to_string()))
    }

    pub fn number(&mut self, sheet: &str, reference: &str, value: f64) -> &mut Self {
        self.set(sheet, reference, Data::Float(value))
    }

    pub fn remove_sheet(&mut self, sheet: &str) -> &mut Self {
        self.sheets.retain(|(n, _)| n != sheet);
        self
    }

    pub fn write(&self) -> Vec<u8> {
        let mut workbook = Workbook::new();
        for (name, grid) in &self.sheets {
            let mut sheet = Worksheet::new();
            sheet.set_name(name).expect("sheet name");
            for (r, cells) in grid.iter().enumerate() {
                for (c, data) in cells.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match data {
                        Data::Empty => {}
                        Data::String(s) => {
                            sheet.write_string(r, c, s).expect("write");
                        }
                        Data::Float(f) => {
                            sheet.write_number(r, c, *f).expect("write");
                        }
                        Data::Int(i) => {
                            sheet.write_number(r, c, *i as f64).expect("write");
                        }
                        Data::Bool(b) => {
                            sheet.write_boolean(r, c, *b).expect("write");
                        }
                        other => panic!("unexpected cell {other:?}"),
                    }
                }
            }
            workbook.push_worksheet(sheet);
        }
        workbook.save_to_buffer().expect("xlsx")
    }
}
