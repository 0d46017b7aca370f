// The inspector's one script, served from its own URL: follows a live feed and writes each event as text (never as markup).
export const LIVE_SCRIPT = `'use strict';
(function () {
  var state = document.querySelector('.live-state');
  function say(text) { if (state) state.textContent = text; }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var feed = document.querySelector('[data-live-feed]');
  if (feed) {
    var count = 0;
    var source = new EventSource(feed.getAttribute('data-live-feed'));
    source.onopen = function () { say('\\u25CF live: waiting for new events'); };
    source.onerror = function () { say('connection lost, reconnecting\\u2026'); };
    source.addEventListener('recorded', function (message) {
      var event = JSON.parse(message.data);
      count += 1;
      var item = element('li', 'live-event');
      var head = element('div', 'live-head');
      var link = element('a', 'type', event.type);
      link.href = event.href;
      head.appendChild(link);
      head.appendChild(element('span', 'where', event.stream + ' #' + event.revision + (event.linkTo ? ' \\u2192 ' + event.linkTo : '')));
      head.appendChild(element('time', 'when', event.created));
      item.appendChild(head);
      item.appendChild(element('pre', 'json', JSON.stringify(event.data, null, 2)));
      feed.insertBefore(item, feed.firstChild);
      while (feed.children.length > 200) feed.removeChild(feed.lastChild);
      say('\\u25CF live: ' + count + ' new since this page opened');
    });
  }

  var story = document.querySelector('[data-live-reload]');
  if (story) {
    var timer;
    var updates = new EventSource(story.getAttribute('data-live-reload'));
    updates.onopen = function () { say('\\u25CF live: the page reloads when the process writes'); };
    updates.onerror = function () { say('live updates lost, retrying\\u2026'); };
    updates.addEventListener('recorded', function (message) {
      var event = JSON.parse(message.data);
      say('new: ' + event.type + ', reloading\\u2026');
      clearTimeout(timer);
      timer = setTimeout(function () { window.location.reload(); }, 700);
    });
  }
})();
`;
