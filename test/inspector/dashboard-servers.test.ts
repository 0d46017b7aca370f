// The dashboard's servers panel says where the events are kept, as the service was started: a reader must know whether a restart keeps them.
import { expect } from 'chai';
import { dashboardPage } from '../../src/inspector/pages/dashboard.js';
import { serversShown } from '../../src/inspector/servers-shown.js';

const panelOf = (embeddedDataDir: string | undefined, embedded = true) => {
  const servers = serversShown({
    eventStoreConnectionString: 'esdb://admin:changeit@127.0.0.1:2113?tls=false',
    mongoUri: 'mongodb://127.0.0.1:27017/?directConnection=true',
    mongoDatabase: 'booking',
    embeddedEventStore: embedded,
    embeddedDataDir,
    embeddedMongo: embedded,
  });
  const page = dashboardPage({ servers, lastPosition: null, recent: [], processes: null, projections: [] }).text;
  return /<h2 id="servers-title">Servers<\/h2>([\s\S]*?)<\/section>/.exec(page)![1].replace(/<[^>]+>/g, '');
};

describe('inspector dashboard: the servers', () => {
  it('when the embedded event store keeps its events on disk (npm start), then it says so, not "memory only"', () => {
    const panel = panelOf('/srv/project/data');
    expect(panel).to.include('EventStoreDBembedded, in a worker thread of this service (events kept on disk)');
    expect(panel).not.to.match(/EventStoreDB[^\n]*memory only/);
  });

  it('when EMBEDDED_DATA_DIR=memory, then the event store is memory only; the embedded MongoDB is always rebuilt at start', () => {
    const panel = panelOf(undefined);
    expect(panel).to.include('(memory only)');
    expect(panel).to.include('MongoDBembedded (memory only: the view is rebuilt from the events at each start)');
  });

  it('when the servers are external, then neither storage nor credentials are claimed', () => {
    const panel = panelOf(undefined, false);
    expect(panel)
      .to.include('EventStoreDBexternal, esdb://127.0.0.1:2113')
      .and.include('MongoDBexternal, mongodb://127.0.0.1:27017');
    expect(panel).not.to.include('memory').and.not.to.include('changeit');
  });
});
