// GET /processes: what each process manager, the booking view and the expirer are doing, for operators.
import type { RouteModule } from '../http/app.js';
import { defineRoute } from '../http/route.js';
import type { ProcessesReport } from './start-processes.js';
import { processesReportSchema } from './processes-report-schema.js';

export function processesRoutes(report: () => Promise<ProcessesReport>): RouteModule {
  const processes = defineRoute({
    method: 'get',
    path: '/processes',
    access: 'operator',
    summary:
      'Each process manager (consumer group, checkpoint, lag, in flight, parked), the booking view and the expirer',
    responses: { 200: { description: 'The report', schema: processesReportSchema } },
    async handle(_input, res) {
      res.json(await report());
    },
  });
  return { routes: [processes] };
}
