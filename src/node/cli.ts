import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createApiToken, createUser } from '../auth/auth.usecases.js';
import { bilingual } from '../http/messages.js';
import { fieldIssues } from '../http/validate.js';
import { importProgramme } from '../programmes/programmes.admin.js';
import { programmeSchema } from '../programmes/programmes.schemas.js';
import { systemClock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { BootError, loadConfigOrExit, nodeLogger, openAndPrepare } from './boot.js';

const USAGE = `Cách dùng / Usage:
  npm run cli -- user:create --email E --role admin|organiser|scanner|programme_manager [--password P] [--name "Họ tên"] [--event EVENT_ID ...]
  npm run cli -- token:create --name N --role organiser|scanner|programme_manager [--event EVENT_ID ...]
  npm run cli -- programme:import --file programme.json     (a programme of another province, as db/seed/examples/)
`;

const ROLES = ['admin', 'organiser', 'scanner', 'programme_manager'] as const;

const userArgs = z.object({
  email: z.email({ error: 'email không hợp lệ / invalid email' }),
  role: z.enum(ROLES, { error: 'role: admin | organiser | scanner | programme_manager' }),
  password: z.string().min(10, { error: 'mật khẩu ít nhất 10 ký tự / password needs at least 10 characters' }).optional(),
  name: z.string().max(200).optional(),
  event: z.array(z.uuid()).optional(),
});

const tokenArgs = z.object({
  name: z.string().min(2),
  role: z.enum(ROLES),
  event: z.array(z.uuid()).optional(),
});

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** The file named by --file, checked by the same schema as POST /api/v1/admin/programmes, before the database is opened. */
async function readProgramme(file: string | undefined) {
  if (!file) fail(`--file: cần đường dẫn tệp JSON / a JSON file is needed\n${USAGE}`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    fail(`--file: không đọc được / cannot read ${file} (${(err as Error).message})`);
  }
  const parsed = programmeSchema.safeParse(json);
  if (!parsed.success)
    fail(
      fieldIssues(parsed.error.issues)
        .map((f) => `  ${f.field}: ${f.message}`)
        .join('\n'),
    );
  return parsed.data;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      event: { type: 'string', multiple: true },
      file: { type: 'string' },
    },
    strict: true,
  });
  if (command !== 'user:create' && command !== 'token:create' && command !== 'programme:import') fail(USAGE);
  const programme = command === 'programme:import' ? await readProgramme(values.file) : null;

  const config = loadConfigOrExit(process.env);
  const handle = await openAndPrepare(config, nodeLogger({ ...config, LOG_LEVEL: 'warn' }));
  const ctx = { db: handle.db, clock: systemClock, config };
  try {
    if (programme) {
      const created = await importProgramme(ctx, { actor: null }, programme);
      process.stdout.write(
        `Đã thêm chương trình / Imported programme ${programme.code} (${created.id}), ${created.targets} chỉ tiêu / targets\n`,
      );
    } else if (command === 'user:create') {
      const args = userArgs.safeParse(values);
      if (!args.success) fail(`${args.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`);
      const generated = args.data.password === undefined;
      const password = args.data.password ?? randomBytes(12).toString('base64url');
      const user = await createUser(ctx, {
        email: args.data.email,
        role: args.data.role,
        password,
        fullName: args.data.name,
        eventIds: args.data.event,
      });
      process.stdout.write(`Đã tạo tài khoản / Created user ${user.email} (${user.role})\n`);
      if (generated) process.stdout.write(`Mật khẩu / Password: ${password}\n`);
    } else {
      const args = tokenArgs.safeParse(values);
      if (!args.success) fail(`${args.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`);
      const created = await createApiToken(ctx, null, { name: args.data.name, role: args.data.role, eventIds: args.data.event });
      process.stdout.write(`Mã truy cập / Bearer token (shown once): ${created.token}\n`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof AppError && err.details?.fields) {
    fail(err.details.fields.map((f) => `  ${f.field}: ${f.message}`).join('\n'));
  }
  if (err instanceof AppError && err.code !== 'internal') {
    process.stderr.write(`${bilingual(err.code)}${err.details?.id ? ` (${String(err.details.id)})` : ''}\n`);
    process.exit(1);
  }
  if (err instanceof BootError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    fail(`${(err as Error).message}\n${USAGE}`);
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
