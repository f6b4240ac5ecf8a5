import { describe, expect, it } from '@jest/globals';
import { checkTemplate } from '../checks.js';
import { readCopilotApp } from '../copilot/manifests.js';
import { loadNorthflankPrices } from '../cost/prices.js';
import { describeTemplate } from '../template/model.js';
import { copilotCopy, freshTemplate, nodeByRef, specOf } from '../testing/fixtures.js';
import { checkParity, planForTaskSize } from './parity.js';

const plans = loadNorthflankPrices().plans;
const parity = (template = freshTemplate(), copilotDir?: string) =>
  checkParity(readCopilotApp(copilotDir), describeTemplate(template), plans).map(
    (p) => `${p.workload} ${p.message}`,
  );

describe('planForTaskSize', () => {
  it('picks the plan with the least memory that fits, then the nearest vCPU', () => {
    expect(planForTaskSize(256, 512, plans)).toBe('nf-compute-20');
    expect(planForTaskSize(512, 1024, plans)).toBe('nf-compute-50');
    expect(planForTaskSize(1024, 1024, plans)).toBe('nf-compute-100-1');
    expect(planForTaskSize(1024, 2048, plans)).toBe('nf-compute-100-2');
    expect(planForTaskSize(2048, 4096, plans)).toBe('nf-compute-200');
  });
});

describe('checkParity', () => {
  it('finds the repository template and copilot/ define the same system', () => {
    expect(parity()).toEqual([]);
  });

  it("excuses a Copilot-only variable on its own workload only (the api role's secret on the migrator)", () => {
    const onApi = copilotCopy(
      'api/manifest.yml',
      /LOG_LEVEL: info/,
      'LOG_LEVEL: info\n  API_DB_SECRET: "not-a-real-one"',
    );
    expect(parity(freshTemplate(), onApi)).toEqual([
      expect.stringMatching(
        /^api gets variables DATABASE_SSL, DATABASE_URL, LOG_LEVEL, NODE_ENV on Northflank but API_DB_SECRET, /,
      ),
    ]);
  });

  it('fails when a Copilot manifest changes a port, a health path, a variable or a task size', () => {
    const edits: [string, RegExp, string, RegExp][] = [
      [
        'api/manifest.yml',
        /port: 3000/,
        'port: 8080',
        /^api listens on 3000 on Northflank but on 8080 on Copilot/,
      ],
      [
        'web/manifest.yml',
        /path: \/health/,
        'path: /healthz',
        /^web readinessProbe checks \/health on Northflank but Copilot's health check is \/healthz/,
      ],
      [
        'web/manifest.yml',
        /LOG_LEVEL: info/,
        'LOG_LEVEL: info\n  API_TIMEOUT_MS: "2500"',
        /^web gets variables API_URL, LOG_LEVEL, NODE_ENV on Northflank but API_TIMEOUT_MS, API_URL/,
      ],
      [
        'api/manifest.yml',
        /cpu: 512/,
        'cpu: 1024',
        /^api uses nf-compute-50 on Northflank; the plan sized like Copilot's 1024 CPU \/ 1024 MiB is nf-compute-100-1/,
      ],
      ['api/manifest.yml', /range: 1-4/, 'range: 2-4', /^api scales 1-4 on Northflank but 2-4 on Copilot/],
      [
        'migrator/manifest.yml',
        /timeout: 15m/,
        'timeout: 30m',
        /^migrator times out after 900 s on Northflank but 1800 s on Copilot/,
      ],
      [
        'api/manifest.yml',
        /path: ['"]api['"]/,
        "path: 'v1'",
        /^api is routed as prefix:\/api on Northflank but as prefix:\/v1 on Copilot/,
      ],
      [
        'web/manifest.yml',
        /dockerfile: web\/Dockerfile/,
        'dockerfile: web/Containerfile',
        /^web builds \/web\/Dockerfile on Northflank but web\/Containerfile on Copilot/,
      ],
      [
        'environments/addons/db.yml',
        /EngineVersion: ['"]17\.7['"]/,
        "EngineVersion: '16.9'",
        /^database runs PostgreSQL 17 on Northflank but 16\.9 on Aurora/,
      ],
    ];
    for (const [file, from, to, expected] of edits) {
      const problems = parity(freshTemplate(), copilotCopy(file, from, to));
      expect({ file, to, problems }).toEqual({
        file,
        to,
        problems: expect.arrayContaining([expect.stringMatching(expected)]),
      });
    }
  });

  it('fails when the template drifts: a health path, a job limit, a command, a missing or extra workload', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'api')).healthChecks[1].path = '/api/health/ready';
    specOf(nodeByRef(template, 'migrator')).backoffLimit = 2;
    specOf(nodeByRef(template, 'migrator')).deployment.docker.customCommand = 'node dist/migrate.js';
    specOf(nodeByRef(template, 'web')).name = 'frontend';
    expect(parity(template)).toEqual(
      expect.arrayContaining([
        "api livenessProbe checks /api/health/ready on Northflank but Copilot's health check is /api/health",
        'migrator retries 2 time(s) on Northflank but 0 on Copilot',
        'migrator runs "node dist/migrate.js" on Northflank but "node dist/main.js" on Copilot',
        'web is a Copilot workload with no Northflank service or job of that name',
        'frontend is a Northflank service or job with no Copilot workload of that name',
      ]),
    );
  });

  it('fails when web would receive the database connection on one platform only', () => {
    const template = freshTemplate();
    specOf(nodeByRef(template, 'database-connection')).restrictions.nfObjects.push({
      id: 'web',
      type: 'service',
    });
    expect(parity(template)).toEqual([
      'web gets variables API_URL, DATABASE_URL, LOG_LEVEL, NODE_ENV on Northflank but API_URL, LOG_LEVEL, NODE_ENV on Copilot (after EQUIVALENT_VARIABLES)',
    ]);
  });

  it('runs every template check against the copilot/ folder it is given', () => {
    expect(checkTemplate(freshTemplate())).toEqual([]);
    const findings = checkTemplate(
      freshTemplate(),
      copilotCopy('web/manifest.yml', /port: 3001/, 'port: 3002'),
    );
    expect(findings).toEqual([
      {
        check: 'parity',
        where: 'web',
        message: 'web listens on 3001 on Northflank but on 3002 on Copilot (image.port)',
      },
      { check: 'parity', where: 'web', message: 'web readinessProbe checks port 3001, not 3002' },
      { check: 'parity', where: 'web', message: 'web livenessProbe checks port 3001, not 3002' },
    ]);
  });
});
