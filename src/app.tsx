import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { LinearRouter } from 'hono/router/linear-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'kysely';
import { auditPages } from './audit/audit-pages.routes.js';
import { accountPages } from './auth/account-pages.routes.js';
import { createActorCache } from './auth/actor-cache.js';
import { authApi } from './auth/auth.routes.js';
import { doorDevicesPages } from './auth/door-devices.routes.js';
import { usersPages } from './auth/users-pages.routes.js';
import { adminEventBoothsApi, adminRegistrationBoothsApi } from './booths/booths.routes.js';
import { boothsPages } from './booths/booths-pages.routes.js';
import { adminCertificatesApi, holderCertificateApi, publicCertificatesApi } from './certificates/certificates.routes.js';
import { certificatePublicPages, certificatesPages } from './certificates/certificates-pages.routes.js';
import { attendancePages } from './checkins/attendance-pages.routes.js';
import { adminAttendanceApi, checkinsApi, eventCheckinApi } from './checkins/checkins.routes.js';
import type { CheckinCtx } from './checkins/checkins.usecases.js';
import { createScanBatcher } from './checkins/scan-batches.js';
import { DATABASE_RETRY_AFTER_SECONDS } from './db/unavailable.js';
import { eventPages } from './events/event-pages.routes.js';
import { adminEventsApi, publicEventsApi } from './events/events.routes.js';
import { facilitiesPages } from './facilities/facilities-pages.routes.js';
import { selectionRoundsPages } from './facilities/selection-rounds-pages.routes.js';
import { adminFeedbackApi, manageFeedbackApi } from './feedback/feedback.routes.js';
import { feedbackPages } from './feedback/feedback-pages.routes.js';
import { accessLog } from './http/access-log.js';
import { privateResponses } from './http/cache-control.js';
import { crossSiteGuard } from './http/cross-site.js';
import type { AppDeps, AppEnv } from './http/env.js';
import { errorHandler } from './http/error-mapper.js';
import { authenticate, bearerToken, bodyLimitByLength, jsonOnly, language, privateLinkHeaders } from './http/middleware.js';
import { readSessionCookie } from './http/session-cookie.js';
import { mailPages } from './mail/mail.routes.js';
import { adminEventMessagesApi } from './messages/messages.routes.js';
import { messagesPages } from './messages/messages-pages.routes.js';
import { ErrorPage } from './pages/error.page.js';
import { pageMeta } from './pages/page-meta.js';
import { pages } from './pages/pages.routes.js';
import { scannerPage } from './pages/scanner.routes.js';
import { adminProgrammesApi, TARGETS_CSV_PATH } from './programmes/programmes.admin.routes.js';
import { programmesApi } from './programmes/programmes.routes.js';
import { programmesPages } from './programmes/programmes-pages.routes.js';
import { adminImportApi, IMPORT_PATH, IMPORT_TYPES } from './registrations/import.routes.js';
import { importPages } from './registrations/import-pages.routes.js';
import { registrationPages } from './registrations/registration-pages.routes.js';
import {
  adminEventRegistrationsApi,
  adminRegistrationsApi,
  manageApi,
  publicRegistrationsApi,
} from './registrations/registrations.routes.js';
import type { RegistrationCtx } from './registrations/registrations.usecases.js';
import { registrationsPages } from './registrations/registrations-pages.routes.js';
import { createSeatBatcher } from './registrations/seat-batches.js';
import { adminAddRegistrationApi, adminRegistrationOperationsApi } from './registrations/staff-operations.routes.js';
import { registrationOperationsPages } from './registrations/staff-operations-pages.routes.js';
import { AppError } from './shared/errors.js';
import { deriveKeys } from './shared/keys.js';
import { dashboardPages } from './targets/dashboard.routes.js';
import { reportsApi } from './targets/reports.routes.js';

const HEALTH_TIMEOUT_MS = 3_000;

const CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  mediaSrc: ["'self'", 'blob:'],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

/** The whole HTTP app, built from its dependencies; the same on Node and on Workers. */
export function createApp(given: AppDeps) {
  const deps: AppDeps = { ...given, actors: given.actors ?? createActorCache({ ttlMs: given.config.AUTH_CACHE_SECONDS * 1000 }) };
  const publicOrigin = new URL(deps.config.PUBLIC_URL).origin;

  const regCtx: RegistrationCtx = {
    db: deps.db,
    clock: deps.clock,
    keys: deriveKeys(deps.config),
    racySeats: deps.config.UNSAFE_RACY_SEATS,
    seats: createSeatBatcher(deps.db, { racy: deps.config.UNSAFE_RACY_SEATS }),
  };
  const checkinCtx: CheckinCtx = {
    db: deps.db,
    clock: deps.clock,
    keys: regCtx.keys,
    opensMinutes: deps.config.CHECKIN_OPENS_MINUTES_BEFORE,
    racyCheckins: deps.config.UNSAFE_RACY_CHECKINS,
    scans: createScanBatcher(deps.db, { racy: deps.config.UNSAFE_RACY_CHECKINS }),
  };

  // Hono's default router compiles every route into one expression on the first request: fast
  // for a process that serves millions, ~3 ms of CPU for a Worker that builds the app for each
  // request. There, the router Hono provides for that case (its `hono/quick` preset).
  const app = new Hono<AppEnv>(
    deps.builtPerRequest ? { router: new SmartRouter({ routers: [new LinearRouter(), new TrieRouter()] }) } : {},
  );
  app.use(requestId());
  app.use(accessLog(deps.log));
  app.use(privateLinkHeaders((path) => path.startsWith('/api/v1/manage/') || path.startsWith('/manage/')));
  app.use(
    privateResponses({
      covers: (path) => path.startsWith('/api/') || path === '/admin' || path.startsWith('/admin/'),
      // The published catalogue (list and one event) holds no one's data.
      isPublic: (path) => /^\/api\/v1\/events(\/[^/]+)?\/?$/.test(path),
    }),
  );
  // An email's own HTML, shown as its recipient sees it: its inline styles and data: images are
  // allowed, nothing else, in a sandbox (no scripts, no forms, not our origin). Registered before
  // secureHeaders, so this runs after it and replaces the app's policy for this page only.
  app.use('/admin/mail/:id/html', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: CSP,
      referrerPolicy: 'same-origin',
      permissionsPolicy: { camera: ['self'], microphone: [], geolocation: [] },
      strictTransportSecurity: deps.config.PUBLIC_URL.startsWith('https://') ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );
  app.use(
    bodyLimitByLength({
      maxSize: deps.config.BODY_LIMIT_BYTES,
      onError: () => {
        throw new AppError('request.too_large', undefined, { limitBytes: deps.config.BODY_LIMIT_BYTES });
      },
    }),
  );
  app.use(language());
  // Whatever a browser sends with our cookie, and every form post to a page, must come from our
  // own pages (the API included: an empty body passes any check of the content type).
  app.use(crossSiteGuard({ publicOrigin, bearer: bearerToken, session: (c) => readSessionCookie(c, deps.config) }));
  app.use(
    '/api/*',
    jsonOnly({
      allow: [
        { path: TARGETS_CSV_PATH, type: /^text\/csv\s*(;|$)/i },
        { path: IMPORT_PATH, type: IMPORT_TYPES },
      ],
    }),
  );
  app.use(authenticate(deps));

  // A probe wants an answer in seconds: a database that neither answers nor refuses (a lost
  // network) would otherwise hold it for the driver's 30 s connect timeout.
  app.get('/healthz', async (c) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        sql`select 1`.execute(deps.db),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS)),
        ),
      ]);
      return c.json({ status: 'ok' });
    } catch (err) {
      deps.log.warn('health check failed', { requestId: c.get('requestId'), err });
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return c.json({ status: 'unavailable' }, 503);
    } finally {
      clearTimeout(timer);
    }
  });

  app.route('/api/v1/auth', authApi(deps));
  app.route('/api/v1/events', publicEventsApi(deps));
  app.route('/api/v1/events', publicRegistrationsApi(deps, regCtx));
  app.route('/api/v1/manage', holderCertificateApi(deps));
  app.route('/api/v1/manage', manageApi(regCtx, deps.config));
  app.route('/api/v1/manage', manageFeedbackApi(deps));
  app.route('/api/v1/certificates', publicCertificatesApi(deps));
  app.route('/api/v1/admin/events', adminCertificatesApi(deps));
  app.route('/api/v1/events', eventCheckinApi(deps, checkinCtx));
  app.route('/api/v1/checkins', checkinsApi(deps, checkinCtx));
  app.route('/api/v1/admin/events', adminAttendanceApi(checkinCtx));
  app.route('/api/v1/admin/events', adminEventRegistrationsApi(deps, regCtx));
  app.route('/api/v1/admin/events', adminImportApi(regCtx));
  app.route('/api/v1/admin/events', adminEventBoothsApi(deps));
  app.route('/api/v1/admin/events', adminEventMessagesApi(deps));
  app.route('/api/v1/admin/events', adminEventsApi(deps));
  app.route('/api/v1/admin/events', adminFeedbackApi(deps));
  app.route('/api/v1/admin/registrations', adminRegistrationBoothsApi(deps));
  app.route('/api/v1/admin/registrations', adminRegistrationsApi(regCtx, deps.config.PUBLIC_URL));
  app.route('/api/v1/admin/registrations', adminRegistrationOperationsApi(regCtx));
  app.route('/api/v1/admin/events', adminAddRegistrationApi(regCtx, deps.config.PUBLIC_URL));
  app.route('/api/v1/programmes', programmesApi(deps));
  app.route('/api/v1/programmes', reportsApi(deps));
  app.route('/api/v1/admin/programmes', adminProgrammesApi(deps));
  app.all('/api/*', () => {
    throw new AppError('route.not_found');
  });

  // Bare file names only (no slash can reach outside web/); upper case for vendor names (jsQR.js).
  app.get('/assets/:file{[A-Za-z0-9._-]+}', async (c) => {
    const asset = await deps.assets?.(c.req.param('file'));
    if (!asset) throw new AppError('route.not_found');
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(typeof asset.body === 'string' ? asset.body : new Uint8Array(asset.body));
  });

  app.route('/admin/mail', mailPages(deps));
  app.route('/admin/devices', doorDevicesPages(deps));
  app.route('/admin/users', usersPages(deps));
  app.route('/admin/account', accountPages(deps));
  app.route('/admin/audit', auditPages(deps));
  // Rounds first: their path would otherwise read as a facility id.
  app.route('/admin/facilities/selection-rounds', selectionRoundsPages(deps));
  app.route('/admin/facilities', facilitiesPages(deps));
  // The programmes pages first: the dashboard's /:id would otherwise take their paths' first part.
  app.route('/admin/programmes', programmesPages(deps));
  app.route('/admin/programmes', dashboardPages(deps));
  // The survey (/manage/:token/feedback) and an event's results (/admin/events/:id/feedback).
  app.route('/', feedbackPages(deps));
  app.route('/admin/events', eventPages(deps));
  app.route('/admin/events', attendancePages(deps, checkinCtx));
  // Before the registrations pages: their `/:id/registrations/:regId/:decision` would take `import/confirm`.
  app.route('/admin/events', importPages(deps, regCtx));
  // Before the list's routes: its `/:regId/:decision` would take the operations' paths.
  app.route('/admin/events', registrationOperationsPages(deps, regCtx));
  app.route('/admin/events', registrationsPages(deps, regCtx));
  app.route('/admin/events', boothsPages(deps));
  app.route('/admin/events', messagesPages(deps));
  app.route('/admin/events', certificatesPages(deps));
  app.route('/', scannerPage(deps));
  app.route('/', certificatePublicPages(deps));
  app.route('/', registrationPages(deps, regCtx));
  app.route('/', pages(deps));

  app.notFound(() => {
    throw new AppError('route.not_found');
  });
  app.onError(
    errorHandler(deps.log, (c, status, body) =>
      c.html(
        <ErrorPage meta={pageMeta(c, String(status))} status={status} message={body.error.message} requestId={c.get('requestId')} />,
        status as 404,
      ),
    ),
  );
  return app;
}

export type App = ReturnType<typeof createApp>;
