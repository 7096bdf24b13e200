import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSandbox, getJson, login, type TestSandbox } from './helpers.js';

const CSV = 'application/csv;charset=UTF-8';

describe('SpareBank 1 sandbox CSV export', () => {
  let t: TestSandbox;
  let token: string;
  let checking: string;

  beforeAll(async () => {
    t = createTestSandbox();
    token = (await login(t)).access_token;
    const { accounts } = await getJson<{ accounts: Array<{ key: string }> }>(
      t,
      token,
      '/personal/banking/accounts',
    );
    checking = accounts[0]?.key ?? '';
  });

  const exportPath = (query: string) =>
    `/personal/banking/transactions/export?accountKey=${checking}&fromDate=2026-03-01&toDate=2026-04-15${query}`;

  it('exports booked rows as BOM-prefixed, semicolon-separated CSV with Norwegian headers', async () => {
    const response = await api(t, token, exportPath(''), { headers: { accept: CSV } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(CSV);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('Dato;Beskrivelse;Rentedato;Inn;Ut;Til konto;Fra konto;');

    const json = await getJson<{ transactions: Array<{ bookingStatus: string; amount: number }> }>(
      t,
      token,
      `/personal/banking/transactions?accountKey=${checking}&fromDate=2026-03-01&toDate=2026-04-15`,
    );
    const booked = json.transactions.filter((row) => row.bookingStatus === 'BOOKED');
    expect(lines).toHaveLength(booked.length + 1);

    for (const line of lines.slice(1)) {
      expect(line.endsWith(';')).toBe(true);
      const cells = line.split(';');
      expect(cells).toHaveLength(8);
      expect(cells[0]).toMatch(/^"\d{2}\.\d{2}\.2026"$/);
      expect(cells[2]).toMatch(/^"\d{2}\.\d{2}\.2026"$/);
      const [inCell = '', outCell = ''] = [cells[3], cells[4]];
      expect(inCell === '' || /^"\d+,\d{2}"$/.test(inCell)).toBe(true);
      expect(outCell === '' || /^"-\d+,\d{2}"$/.test(outCell)).toBe(true);
      expect((inCell === '') !== (outCell === '')).toBe(true);
    }
    const salary = lines.find((line) => line.includes('LØNN'));
    expect(salary).toMatch(/;"42150,00";;/);
  });

  it('selects columns with fields, repeated or comma-joined', async () => {
    for (const query of ['&fields=DATE&fields=OUT&fields=CATEGORY', '&fields=DATE,OUT,CATEGORY']) {
      const response = await api(t, token, exportPath(query), { headers: { accept: CSV } });
      const text = (await response.text()).replace(/^\uFEFF/, '');
      expect(text.split('\n')[0]).toBe('Dato;Ut;Hovedkategori;');
    }
    const bad = await api(t, token, exportPath('&fields=AMOUNT'), { headers: { accept: CSV } });
    expect(bad.status).toBe(400);
  });

  it('answers a JSON Accept with 406', async () => {
    const response = await api(t, token, exportPath(''), {
      headers: { accept: 'application/vnd.sparebank1.v1+json; charset=utf-8' },
    });
    expect(response.status).toBe(406);
    const json = await api(t, token, exportPath(''), { headers: { accept: 'application/json' } });
    expect(json.status).toBe(406);
  });

  it('requires one account key and both dates', async () => {
    const headers = { accept: CSV };
    const base = '/personal/banking/transactions/export';
    expect(
      (await api(t, token, `${base}?accountKey=${checking}&fromDate=2026-03-01`, { headers })).status,
    ).toBe(400);
    expect(
      (await api(t, token, `${base}?accountKey=${checking}&toDate=2026-03-01`, { headers })).status,
    ).toBe(400);
    expect((await api(t, token, `${base}?fromDate=2026-03-01&toDate=2026-03-02`, { headers })).status).toBe(
      400,
    );
    const comma = await api(
      t,
      token,
      `${base}?accountKey=${checking},${checking}&fromDate=2026-03-01&toDate=2026-03-02`,
      {
        headers,
      },
    );
    expect(comma.status).toBe(400);
  });
});
