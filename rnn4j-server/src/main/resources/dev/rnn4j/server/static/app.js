// The page of the model server: pick a model, type a text or paste a series, see the prediction.
// Plain fetch and DOM calls, no framework, so that any browser (and HtmlUnit in the tests) runs it.
(function () {
  var models = {};
  var select = document.getElementById('model');
  var input = document.getElementById('input');
  var info = document.getElementById('model-info');
  var inputLabel = document.getElementById('input-label');
  var result = document.getElementById('result');
  var error = document.getElementById('error');

  function element(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (className) { e.className = className; }
    return e;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function readJson(response) {
    return response.json().then(function (body) {
      if (!response.ok) { throw new Error(body.message || ('HTTP ' + response.status)); }
      return body;
    });
  }

  function showModel() {
    var model = models[select.value];
    if (!model) { return; }
    info.textContent = model.task + ': ' + model.input;
    if (model.task === 'forecast') {
      inputLabel.textContent = 'Series: one value per line, or "time,value" per line, oldest first';
      input.placeholder = '1960-01,417\n1960-02,391\n...';
    } else {
      inputLabel.textContent = 'Text';
      input.placeholder = 'Type a sentence';
    }
    clear(result);
    error.textContent = '';
  }

  // "1960-01,417" lines give times and values; otherwise every number in the text is a value
  function parseSeries(text) {
    var lines = text.split(/\r?\n/).filter(function (l) { return l.trim() !== ''; });
    var times = [];
    var values = [];
    var paired = lines.length > 0 && lines.every(function (l) { return /^[^,;\t]+[,;\t]\s*[-+0-9.eE]+\s*$/.test(l.trim()); });
    if (paired) {
      lines.forEach(function (l) {
        var parts = l.trim().split(/[,;\t]/);
        times.push(parts[0].trim());
        values.push(Number(parts[1]));
      });
    } else {
      text.split(/[\s,;]+/).filter(function (s) { return s !== ''; }).forEach(function (s) { values.push(Number(s)); });
    }
    var body = { values: values };
    if (times.length > 0) { body.times = times; }
    return body;
  }

  function showClassification(body) {
    result.appendChild(element('p', 'Label: ' + body.label, 'label')).id = 'label';
    var table = element('table');
    table.id = 'probabilities';
    Object.keys(body.probabilities).forEach(function (label) {
      var p = body.probabilities[label];
      var row = element('tr', undefined, label === body.label ? 'best' : '');
      row.appendChild(element('td', label));
      row.appendChild(element('td', p.toFixed(4), 'number'));
      var cell = element('td', undefined, 'bar-cell');
      var bar = element('div', undefined, 'bar');
      bar.style.width = (100 * p).toFixed(1) + '%';
      cell.appendChild(bar);
      row.appendChild(cell);
      table.appendChild(row);
    });
    result.appendChild(table);
  }

  function showForecast(request, body) {
    result.appendChild(chart(request.values, body.values));
    var table = element('table');
    table.id = 'forecast';
    var head = element('tr');
    head.appendChild(element('th', 'time'));
    head.appendChild(element('th', 'forecast'));
    table.appendChild(head);
    body.values.forEach(function (v, i) {
      var row = element('tr');
      row.appendChild(element('td', body.times.length > 0 ? body.times[i] : '+' + (i + 1)));
      row.appendChild(element('td', v.toFixed(3), 'number'));
      table.appendChild(row);
    });
    result.appendChild(table);
  }

  // the history in grey and the forecast in blue, as one SVG polyline each
  function chart(history, forecast) {
    var ns = 'http://www.w3.org/2000/svg';
    var width = 640, height = 240, pad = 10;
    var all = history.concat(forecast);
    var min = Math.min.apply(null, all), max = Math.max.apply(null, all);
    var span = max - min || 1;
    function x(i) { return pad + i * (width - 2 * pad) / Math.max(1, all.length - 1); }
    function y(v) { return height - pad - (v - min) * (height - 2 * pad) / span; }
    function line(values, offset, colour) {
      var points = values.map(function (v, i) { return x(i + offset).toFixed(1) + ',' + y(v).toFixed(1); });
      var l = document.createElementNS(ns, 'polyline');
      l.setAttribute('points', points.join(' '));
      l.setAttribute('fill', 'none');
      l.setAttribute('stroke', colour);
      l.setAttribute('stroke-width', '2');
      return l;
    }
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('id', 'chart');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.appendChild(line(history, 0, '#999'));
    svg.appendChild(line([history[history.length - 1]].concat(forecast), history.length - 1, '#3b6fd6'));
    return svg;
  }

  function predict(event) {
    event.preventDefault();
    var model = models[select.value];
    if (!model) { return; }
    clear(result);
    error.textContent = '';
    var request = model.task === 'forecast' ? parseSeries(input.value) : { text: input.value };
    fetch('/predictions/' + encodeURIComponent(model.name), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request)
    }).then(readJson).then(function (body) {
      if (model.task === 'forecast') { showForecast(request, body); } else { showClassification(body); }
      result.setAttribute('data-done', 'true');
    }).catch(function (e) {
      error.textContent = e.message;
    });
  }

  fetch('/models').then(readJson).then(function (body) {
    var names = body.models.map(function (m) { return m.name; });
    return Promise.all(names.map(function (name) {
      return fetch('/models/' + encodeURIComponent(name)).then(readJson);
    }));
  }).then(function (descriptions) {
    descriptions.forEach(function (m) {
      models[m.name] = m;
      var option = element('option', m.name + ' (' + m.task + ')');
      option.value = m.name;
      select.appendChild(option);
    });
    showModel();
  }).catch(function (e) {
    error.textContent = 'cannot list the models: ' + e.message;
  });

  select.addEventListener('change', showModel);
  document.getElementById('form').addEventListener('submit', predict);
})();
