// concert-sales: per concert (one partition per concert stream, `concert-<concertId>`), the seats held now, the seats
// reserved and released so far, and the revenue of the tickets of settled bookings. It lives in the event store rather
// than in MongoDB because it joins three categories (concert, booking, and its own `concertsales-<concertId>` streams)
// in log order, and its partitions can be inspected one by one in the EventStoreDB UI.
// A settlement names only its booking, so each booking stream is a small partition of its own that remembers its
// concert and total, and on settlement emits `ConcertTicketsSettled` to `concertsales-<concertId>`: that event then
// lands in the concert's partition. The emitted stream doubles as an audit trail of the revenue.

function concertPartition(streamId) {
  return 'concert-' + streamId.slice(streamId.indexOf('-') + 1);
}

function sales(s, concertId) {
  if (s.concertId === undefined) {
    s.concertId = concertId;
    s.name = null;
    s.seatsHeld = 0;
    s.seatsReserved = 0;
    s.seatsReleased = 0;
    s.settledBookings = 0;
    s.settledRevenue = 0;
  }
  return s;
}

fromCategories(['concert', 'booking', 'concertsales'])
  .partitionBy(function (e) {
    return e.category === 'booking' ? e.streamId : concertPartition(e.streamId);
  })
  .when({
    $init: function () {
      return {};
    },
    ConcertScheduled: function (s, e) {
      sales(s, e.body.concertId).name = e.body.name;
    },
    SeatsReserved: function (s, e) {
      sales(s, e.body.concertId);
      s.seatsHeld += e.body.seats.length;
      s.seatsReserved += e.body.seats.length;
    },
    SeatsReleased: function (s, e) {
      sales(s, e.body.concertId);
      s.seatsHeld -= e.body.seats.length;
      s.seatsReleased += e.body.seats.length;
    },
    ConcertTicketsSettled: function (s, e) {
      sales(s, e.body.concertId);
      s.settledBookings += 1;
      s.settledRevenue += e.body.revenue;
    },
    BookingPlaced: function (s, e) {
      s.concertId = e.body.concertId;
    },
    BookingConfirmed: function (s, e) {
      s.totalPrice = e.body.totalPrice;
    },
    BookingSettled: function (s, e) {
      emit('concertsales-' + s.concertId, 'ConcertTicketsSettled', {
        concertId: s.concertId,
        bookingId: e.body.bookingId,
        revenue: s.totalPrice,
      });
    },
  });
