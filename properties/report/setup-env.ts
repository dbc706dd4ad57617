/**
 * Jest setup (every test file): CLI commands run by tests do not write run
 * reports into the repository's reports/ unless a test asks for them with
 * --report-dir. jest gives each test file its own copy of process.env, so
 * this does not reach the property-suite reporter in the main process.
 */
if (process.env.RHM_NO_REPORT === undefined) process.env.RHM_NO_REPORT = '1';
