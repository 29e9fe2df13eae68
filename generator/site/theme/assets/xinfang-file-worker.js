/* xinfang bundle: search in the copy opened from a file share (file://).
   A browser refuses to start a Web Worker from a file, and the theme's search runs in one;
   Material's offline plugin would load a shim from unpkg.com, which a government intranet
   cannot reach and the site must not load.  This file stands in for Worker on file:// only:
   it runs the search worker's script on the page itself, handing messages both ways, and
   loads the scripts the worker imports (lunr's languages) from the copy, in order. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  var realAdd = window.addEventListener;
  var realPost = window.postMessage;
  var current = null;  // the worker whose script is running (its replies come through postMessage)

  function load(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("cannot load " + url)); };
      document.head.appendChild(script);
    });
  }

  function FileWorker(url) {
    var self = this;
    this.url = new URL(url, document.baseURI);
    this.listeners = [];
    this.onmessage = null;
    this.handler = null;
    this.inbox = [];
    current = this;
    // the worker's script registers its handler with addEventListener("message") as it runs
    window.addEventListener = function (type, listener, options) {
      if (type === "message" && !self.handler) { self.handler = listener; return; }
      return realAdd.call(window, type, listener, options);
    };
    window.importScripts = function () {
      var urls = Array.prototype.map.call(arguments, function (u) { return new URL(u, self.url).href; });
      return urls.reduce(function (done, u) { return done.then(function () { return load(u); }); },
                         Promise.resolve());
    };
    load(this.url.href).then(function () {
      window.addEventListener = realAdd;
      self.inbox.splice(0).forEach(function (data) { self.postMessage(data); });
    });
  }
  FileWorker.prototype.addEventListener = function (type, listener) {
    if (type === "message") this.listeners.push(listener);
  };
  FileWorker.prototype.removeEventListener = function (type, listener) {
    this.listeners = this.listeners.filter(function (l) { return l !== listener; });
  };
  FileWorker.prototype.postMessage = function (data) {
    var self = this;
    if (!this.handler) { this.inbox.push(data); return; }
    setTimeout(function () { current = self; self.handler({ data: data }); }, 0);
  };
  FileWorker.prototype.reply = function (data) {
    var event = { data: data, target: this };
    var self = this;
    setTimeout(function () {
      if (self.onmessage) self.onmessage(event);
      self.listeners.forEach(function (l) { l.call(self, event); });
    }, 0);
  };
  FileWorker.prototype.terminate = function () { this.handler = null; };
  // the worker's script answers with postMessage(result): one argument, unlike a window's
  window.postMessage = function (data) {
    if (arguments.length === 1 && current) return current.reply(data);
    return realPost.apply(window, arguments);
  };
  window.Worker = FileWorker;
})();
