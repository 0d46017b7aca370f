// booking-overview: how many bookings are in each status right now, the revenue of settled bookings, and the refunds
// paid back. It lives in the event store rather than in MongoDB because it is a statistic over the whole history that
// anyone can inspect (and reset and rebuild) in the EventStoreDB UI, with no code of ours running: MongoDB holds the
// per-booking documents the API queries; this holds the figures about the business as a whole.
// Only bookings still in flight are remembered (their next event needs the status they leave), so the state stays small.

var FINAL = { Denied: true, Cancelled: true, Expired: true, Settled: true };

function move(s, bookingId, status) {
  var booking = s.inFlight[bookingId];
  if (booking) s.bookings[booking.status] -= 1;
  s.bookings[status] += 1;
  if (FINAL[status]) delete s.inFlight[bookingId];
  else s.inFlight[bookingId] = { status: status, totalPrice: booking ? booking.totalPrice : 0 };
}

fromCategories(['booking', 'payment'])
  .when({
    $init: function () {
      return {
        bookings: { AwaitingConfirmation: 0, Confirmed: 0, Denied: 0, Cancelled: 0, Expired: 0, Settled: 0 },
        placed: 0,
        settledRevenue: 0,
        refunds: { count: 0, amount: 0 },
        inFlight: {},
      };
    },
    BookingPlaced: function (s, e) {
      s.placed += 1;
      move(s, e.body.bookingId, 'AwaitingConfirmation');
    },
    BookingConfirmed: function (s, e) {
      move(s, e.body.bookingId, 'Confirmed');
      s.inFlight[e.body.bookingId].totalPrice = e.body.totalPrice;
    },
    BookingDenied: function (s, e) {
      move(s, e.body.bookingId, 'Denied');
    },
    BookingCancelled: function (s, e) {
      move(s, e.body.bookingId, 'Cancelled');
    },
    BookingExpired: function (s, e) {
      move(s, e.body.bookingId, 'Expired');
    },
    BookingSettled: function (s, e) {
      var booking = s.inFlight[e.body.bookingId];
      s.settledRevenue += booking ? booking.totalPrice : 0;
      move(s, e.body.bookingId, 'Settled');
    },
    PaymentRefunded: function (s, e) {
      s.refunds.count += 1;
      s.refunds.amount += e.body.amount;
    },
  })
  // The result leaves out the bookings in flight: they are bookkeeping, not a figure anyone asked for.
  .transformBy(function (s) {
    return { bookings: s.bookings, placed: s.placed, settledRevenue: s.settledRevenue, refunds: s.refunds };
  })
  .outputState();
