// client-activity: links every booking event to `clientbookings-<clientId>`, so that one client's whole history (all
// bookings, in order) reads as one stream in the EventStoreDB UI or through any client. It lives in the event store
// rather than in MongoDB because its output is a stream of the original events (links, not copies): nothing to keep in
// sync, and catch-up or persistent subscriptions can follow one client as they follow any stream.
// Only `BookingPlaced` names the client, so each booking stream is a partition that remembers its client.

function link(s, e) {
  linkTo('clientbookings-' + s.clientId, e);
  s.linked += 1;
}

fromCategory('booking')
  .foreachStream()
  .when({
    $init: function () {
      return { clientId: null, linked: 0 };
    },
    // A handler for the event type replaces $any for that type, so the first event links itself.
    BookingPlaced: function (s, e) {
      s.clientId = e.body.clientId;
      link(s, e);
    },
    $any: function (s, e) {
      if (s.clientId !== null) link(s, e);
    },
  });
