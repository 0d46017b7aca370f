// The projection API as it exists inside the vm context: the query builder, emit/linkTo/copyTo/log and the per-partition state.
// It is evaluated inside the sandbox (never in the host realm) so that no host object or function is reachable from a
// projection; the host only exchanges strings with it through `__runtime`.

export const SANDBOX_RUNTIME = String.raw`
(function (global) {
  'use strict';
  var definition = {
    sources: null, partitioning: 'none', handledTypes: [], handlesAny: false, handlesDeleted: false,
    definesTransform: false, producesResults: false, resultStreamName: null,
    partitionResultStreamNamePattern: null, options: {}
  };
  var handlers = null;
  var partitionFn = null;
  var transforms = [];
  var states = Object.create(null);
  var shared;
  var sharedReady = false;
  var outputs = [];
  var logs = [];
  // The host's watchdog only interrupts code that never returns; this measures each handler against the limit itself.
  var limitMs = global.__limitMs;
  delete global.__limitMs;

  function timed(fn, args) {
    var started = Date.now();
    var value = fn.apply(null, args);
    if (Date.now() - started > limitMs) throw new Error('Handler ran longer than its time limit of ' + limitMs + ' ms');
    return value;
  }

  function text(value) { return typeof value === 'string' ? value : JSON.stringify(value); }
  function names(args) { return Array.prototype.concat.apply([], Array.prototype.slice.call(args)).map(String); }
  function from(sources) {
    if (definition.sources !== null) throw new Error('A projection has exactly one source');
    definition.sources = sources;
    return afterSource;
  }
  function when(handlerMap) {
    if (handlers !== null) throw new Error('when() can be called only once');
    if (handlerMap === null || typeof handlerMap !== 'object') throw new Error('when() needs an object of handlers');
    handlers = handlerMap;
    Object.keys(handlerMap).forEach(function (key) {
      if (typeof handlerMap[key] !== 'function') throw new Error('Handler ' + key + ' is not a function');
      if (key === '$any') definition.handlesAny = true;
      else if (key === '$deleted') definition.handlesDeleted = true;
      else if (key !== '$init' && key !== '$initShared') definition.handledTypes.push(key);
    });
    return afterWhen;
  }
  var afterWhen = {
    outputState: function () { definition.producesResults = true; return afterWhen; },
    // As on the real server, a query that transforms its state has a result worth writing out.
    transformBy: function (fn) { transforms.push({ map: fn }); definition.definesTransform = definition.producesResults = true; return afterWhen; },
    filterBy: function (fn) { transforms.push({ keep: fn }); definition.definesTransform = definition.producesResults = true; return afterWhen; },
    outputTo: function (resultStream, partitionPattern) {
      definition.resultStreamName = String(resultStream);
      if (partitionPattern !== undefined) definition.partitionResultStreamNamePattern = String(partitionPattern);
      return afterWhen;
    }
  };
  var afterPartitioning = { when: when };
  var afterSource = {
    when: when,
    foreachStream: function () { definition.partitioning = 'stream'; return afterPartitioning; },
    partitionBy: function (fn) {
      if (typeof fn !== 'function') throw new Error('partitionBy() needs a function');
      definition.partitioning = 'custom';
      partitionFn = fn;
      return afterPartitioning;
    }
  };

  global.fromAll = function () { return from({ all: true, categories: [], streams: [] }); };
  global.fromCategory = function (name) { return from({ all: false, categories: [String(name)], streams: [] }); };
  global.fromCategories = function () { return from({ all: false, categories: names(arguments), streams: [] }); };
  global.fromStream = function (name) { return from({ all: false, categories: [], streams: [String(name)] }); };
  global.fromStreams = function () { return from({ all: false, categories: [], streams: names(arguments) }); };
  global.options = function (opts) { Object.assign(definition.options, opts); };
  global.emit = function (streamId, eventType, body, metadata) {
    if (!streamId || !eventType) throw new Error('emit() needs a stream id and an event type');
    outputs.push({ kind: 'emit', streamId: String(streamId), eventType: String(eventType), data: text(body),
      metadata: metadata === undefined ? null : JSON.stringify(metadata), isJson: true });
  };
  global.linkTo = function (streamId, event, metadata) {
    if (!streamId || !event) throw new Error('linkTo() needs a stream id and an event');
    outputs.push({ kind: 'link', streamId: String(streamId), target: event.sequenceNumber + '@' + event.streamId,
      metadata: metadata === undefined ? null : JSON.stringify(metadata) });
  };
  global.copyTo = function (streamId, event, metadata) {
    if (!streamId || !event) throw new Error('copyTo() needs a stream id and an event');
    outputs.push({ kind: 'emit', streamId: String(streamId), eventType: event.eventType, data: event.bodyRaw,
      metadata: metadata === undefined ? (event.metadataRaw || null) : JSON.stringify(metadata), isJson: event.isJson });
  };
  global.log = function (message) { logs.push(text(message)); };

  function parse(raw) {
    if (!raw) return undefined;
    try { return JSON.parse(raw); } catch (_) { return undefined; }
  }
  function categoryOf(streamId) {
    var dash = streamId.indexOf('-');
    return dash > 0 ? streamId.slice(0, dash) : null;
  }
  function handlerEvent(input) {
    var body = input.isJson ? parse(input.data) : undefined;
    return {
      eventType: input.eventType, streamId: input.streamId, sequenceNumber: input.sequenceNumber,
      eventId: input.eventId, isJson: input.isJson, body: body, data: body, bodyRaw: input.data,
      // As on the real server, an event without metadata has null here, not an empty object.
      metadata: parse(input.metadata) || null, metadataRaw: input.metadata || null, linkMetadata: null, linkMetadataRaw: null,
      category: categoryOf(input.streamId), partition: ''
    };
  }
  function biState() { return definition.options.biState === true || typeof (handlers || {}).$initShared === 'function'; }
  function initial(name) { return handlers && typeof handlers[name] === 'function' ? timed(handlers[name], []) : {}; }
  function ensureShared() {
    if (!sharedReady) { shared = initial('$initShared'); sharedReady = true; }
  }
  function apply(handler, partition, event, extra) {
    var created = !(partition in states);
    var state = created ? initial('$init') : states[partition];
    var result;
    if (biState()) {
      ensureShared();
      result = timed(handler, [[state, shared], event, extra]);
      if (result !== undefined && result !== null) { state = result[0]; shared = result[1]; }
    } else {
      result = timed(handler, [state, event, extra]);
      if (result !== undefined) state = result;
    }
    states[partition] = state;
    return created;
  }
  function partitionOf(event) {
    if (definition.partitioning === 'stream') return event.streamId;
    if (definition.partitioning === 'custom') {
      var key = timed(partitionFn, [event]);
      return key === undefined || key === null ? null : String(key);
    }
    return '';
  }
  function envelope(work) {
    outputs = [];
    logs = [];
    try {
      var value = work();
      return { ok: true, value: value === undefined ? null : value, outputs: outputs, logs: logs };
    } catch (error) {
      var message = error && error.message !== undefined ? String(error.message) : String(error);
      return { ok: false, error: message, logs: logs };
    }
  }
  function guarded(work) { return JSON.stringify(envelope(work)); }
  // One event of a batch: null when no handler takes it, else the partition it changed. Throws what the handler threw.
  function processOne(input) {
    var event = handlerEvent(input);
    var handler = handlers[event.eventType] || handlers.$any;
    if (!handler) return null;
    var partition = partitionOf(event);
    if (partition === null) return null;
    event.partition = partition;
    apply(handler, partition, event);
    return partition;
  }
  // A batch's reply per event, short in the common cases: 0 (skipped) or the partition (handled), with neither
  // outputs nor logs; otherwise the whole envelope.
  function batchReply(partition) {
    if (outputs.length === 0 && logs.length === 0) return partition === null ? 0 : partition;
    var value = partition === null ? { handled: false } : { handled: true, partition: partition };
    return { ok: true, value: value, outputs: outputs, logs: logs };
  }
  // Unpacks one event of a batch: its fields from the header, its data and metadata from the shared text.
  function batchInput(fields, texts, at) {
    var dataEnd = at + fields[5];
    return { streamId: fields[0], sequenceNumber: fields[1], eventType: fields[2], eventId: fields[3], isJson: fields[4] === 1,
      data: texts.slice(at, dataEnd), metadata: texts.slice(dataEnd, dataEnd + fields[6]) };
  }
  function result(state) {
    if (state === undefined || state === null) return null;
    var value = JSON.parse(JSON.stringify(state));
    for (var i = 0; i < transforms.length; i++) {
      if (transforms[i].map) value = transforms[i].map(value);
      else if (!transforms[i].keep(value)) return null;
    }
    return value === undefined ? null : value;
  }

  var runtime = {
    describe: function () { return guarded(function () { return definition; }); },
    // Several events per call: one call into the context costs far more than a handler. The batch stops at the first
    // failure, and after half the time limit so that the host's watchdog never cuts a batch of healthy handlers.
    // The events come as a JSON header (one array of fields per event) and their texts end to end, so that no event's
    // data is escaped into JSON and back on the way in.
    processBatch: function (headerJson, texts) {
      var header = JSON.parse(headerJson);
      var replies = [];
      var started = Date.now();
      var at = 0;
      for (var i = 0; i < header.length; i++) {
        var fields = header[i];
        outputs = [];
        logs = [];
        try {
          replies.push(batchReply(processOne(batchInput(fields, texts, at))));
        } catch (error) {
          var message = error && error.message !== undefined ? String(error.message) : String(error);
          replies.push({ ok: false, error: message, logs: logs });
          break;
        }
        at += fields[5] + fields[6];
        if (Date.now() - started >= limitMs / 2) break;
      }
      return JSON.stringify(replies);
    },
    deleted: function (streamId, softDelete) {
      return guarded(function () {
        if (!(streamId in states) || !handlers.$deleted) return { handled: false };
        var event = { streamId: streamId, partition: streamId, category: categoryOf(streamId) };
        apply(handlers.$deleted, streamId, event, softDelete);
        return { handled: true, partition: streamId, created: false };
      });
    },
    state: function (partition) {
      return guarded(function () {
        if (partition in states) return biState() ? [states[partition], shared] : states[partition];
        return null;
      });
    },
    result: function (partition) {
      return guarded(function () { return partition in states ? result(states[partition]) : null; });
    },
    partitions: function () { return guarded(function () { return Object.keys(states); }); },
    // With a list of partitions, only those (a delta); without, every partition (a full snapshot).
    snapshot: function (partitionsJson) {
      return guarded(function () {
        var only = partitionsJson === undefined ? null : JSON.parse(partitionsJson);
        var selected = only === null ? states : Object.create(null);
        if (only !== null) only.forEach(function (partition) { if (partition in states) selected[partition] = states[partition]; });
        return { states: selected, shared: sharedReady ? shared : null };
      });
    },
    // A full snapshot replaces every state; a delta (merge) overwrites only the partitions it names.
    restore: function (snapshotJson, merge) {
      return guarded(function () {
        var snapshot = JSON.parse(snapshotJson);
        states = Object.assign(merge ? states : Object.create(null), snapshot.states);
        sharedReady = snapshot.shared !== null && snapshot.shared !== undefined;
        shared = sharedReady ? snapshot.shared : undefined;
      });
    },
    reset: function () {
      return guarded(function () { states = Object.create(null); shared = undefined; sharedReady = false; });
    }
  };
  Object.defineProperty(global, '__runtime', { value: Object.freeze(runtime), enumerable: false });
})(globalThis);
`;
