// A1 notation: 'B3', 'A1:C10', 'A:C', '2:5', "'My tab'!A1:B2".

export interface GridBox {
  sheetName: string | null;
  row: number;
  col: number;
  /** null = open-ended (whole column / whole row references). */
  lastRow: number | null;
  lastCol: number | null;
}

export function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1Of(row: number, col: number, numRows: number, numCols: number): string {
  const start = `${columnLetters(col)}${row}`;
  if (numRows === 1 && numCols === 1) return start;
  return `${start}:${columnLetters(col + numCols - 1)}${row + numRows - 1}`;
}

const CELL = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

/** Parses A1 notation; returns null when it is not a valid reference. */
export function parseA1(notation: string): GridBox | null {
  let ref = notation.trim();
  let sheetName: string | null = null;
  const bang = ref.lastIndexOf('!');
  if (bang >= 0) {
    sheetName = ref.slice(0, bang);
    if (sheetName.startsWith("'") && sheetName.endsWith("'")) sheetName = sheetName.slice(1, -1).replace(/''/g, "'");
    ref = ref.slice(bang + 1);
  }
  const [a, b] = ref.split(':');
  const start = CELL.exec(a ?? '');
  const end = b === undefined ? start : CELL.exec(b);
  if (!start || !end || (!start[1] && !start[2]) || (!end[1] && !end[2])) return null;
  const colA = start[1] ? columnNumber(start[1]) : 1;
  const rowA = start[2] ? Number(start[2]) : 1;
  const colB = end[1] ? columnNumber(end[1]) : null;
  const rowB = end[2] ? Number(end[2]) : null;
  if (rowA < 1 || (rowB !== null && rowB < 1)) return null;
  return {
    sheetName,
    row: Math.min(rowA, rowB ?? rowA),
    col: Math.min(colA, colB ?? colA),
    lastRow: rowB === null ? null : Math.max(rowA, rowB),
    lastCol: colB === null ? null : Math.max(colA, colB),
  };
}
