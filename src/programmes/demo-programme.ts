/** The demo's own programme (loaded with --demo), marked as demo data wherever it is listed. */
export const DEMO_PROGRAMME_CODE = 'chuong-trinh-mau';
