// The page of the model server: pick a model, type a text, a prime or a sentence, or paste a series, and see the
// probabilities (with token attributions), the forecast, the generated text or the translation with its attention.
// Plain fetch and DOM calls, no framework, so that any browser (and HtmlUnit in the tests) runs it.
(function () {
  var models = {};
  var select = document.getElementById('model');
  var input = document.getElementById('input');
  var info = document.getElementById('model-info');
  var inputLabel = document.getElementById('input-label');
  var result = document.getElementById('result');
  var error = document.getElementById('error');
  var generationOptions = document.getElementById('generation-options');
  var explainOption = document.getElementById('explain-option');
  var nbestOption = document.getElementById('nbest-option');
  // attributions above zero in blue, below in red; the opacity is the share of the text's largest |attribution|
  var RAISES = [59, 111, 214];
  var LOWERS = [214, 59, 59];

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
    } else if (model.task === 'language-model') {
      inputLabel.textContent = 'Prime: the text to continue';
      input.placeholder = 'ROMEO:';
    } else if (model.task === 'translation') {
      inputLabel.textContent = 'Sentence to translate';
      input.placeholder = 'Type a sentence';
    } else {
      inputLabel.textContent = 'Text';
      input.placeholder = 'Type a sentence';
    }
    generationOptions.hidden = model.task !== 'language-model';
    nbestOption.hidden = model.task !== 'translation';
    explainOption.hidden = !model.explains;
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

  // a number field's value, or undefined when empty (the server's default then applies)
  function numberField(id, name) {
    var text = document.getElementById(id).value.trim();
    if (text === '') { return undefined; }
    var value = Number(text);
    if (isNaN(value)) { throw new Error(name + ': expected a number, got "' + text + '"'); }
    return value;
  }

  function generationRequest() {
    return {
      prime: input.value,
      length: numberField('length', 'length'),
      temperature: numberField('temperature', 'temperature'),
      top_k: numberField('top-k', 'top_k'),
      top_p: numberField('top-p', 'top_p'),
      seed: numberField('seed', 'seed')
    };
  }

  function showGeneration(body) {
    result.appendChild(element('h2', 'Generated text'));
    var text = element('pre', undefined, 'generated');
    text.id = 'generated';
    text.appendChild(element('span', body.prime, 'prime'));
    var sample = element('span', body.samples[0].text, 'sample');
    sample.id = 'sample';
    text.appendChild(sample);
    result.appendChild(text);
  }

  function showTranslation(body) {
    var best = element('p', body.translation, 'translation');
    best.id = 'translation';
    result.appendChild(best);
    if (document.getElementById('show-nbest').checked) {
      result.appendChild(element('h2', 'n-best list'));
      var list = element('table');
      list.id = 'nbest';
      var head = element('tr');
      ['#', 'translation', 'score', 'log-probability'].forEach(function (h) { head.appendChild(element('th', h)); });
      list.appendChild(head);
      body.nbest.forEach(function (candidate, i) {
        var row = element('tr', undefined, i === 0 ? 'best' : '');
        row.appendChild(element('td', String(i + 1), 'number'));
        row.appendChild(element('td', candidate.text));
        row.appendChild(element('td', candidate.score.toFixed(4), 'number'));
        row.appendChild(element('td', candidate.log_probability.toFixed(4), 'number'));
        list.appendChild(row);
      });
      result.appendChild(list);
    }
    result.appendChild(element('h2', 'Attention: one row per output token, one column per source token'));
    result.appendChild(attentionTable(body.source_tokens, body.target_tokens, body.attention));
  }

  // each cell's weight as its text and as the opacity of its blue background
  function attentionTable(source, target, weights) {
    var table = element('table');
    table.id = 'attention';
    var head = element('tr');
    head.appendChild(element('th', ''));
    source.forEach(function (token) { head.appendChild(element('th', token, 'source')); });
    table.appendChild(head);
    target.forEach(function (token, i) {
      var row = element('tr');
      row.appendChild(element('th', token, 'target'));
      weights[i].forEach(function (w, j) {
        var cell = element('td', w.toFixed(2));
        cell.title = target[i] + ' \u2190 ' + source[j] + ': ' + w.toFixed(4);
        cell.style.backgroundColor = rgba(RAISES, w);
        row.appendChild(cell);
      });
      table.appendChild(row);
    });
    return table;
  }

  function rgba(colour, alpha) {
    return 'rgba(' + colour.join(', ') + ', ' + alpha.toFixed(3) + ')';
  }

  function showAttributions(body) {
    result.appendChild(element('h2', 'Token attributions'));
    var scale = 0;
    body.tokens.forEach(function (t) { scale = Math.max(scale, Math.abs(t.attribution)); });
    var tokens = element('p', undefined, 'tokens');
    tokens.id = 'attributions';
    body.tokens.forEach(function (t) {
      var a = t.attribution;
      var span = element('span', t.token, 'token ' + (a >= 0 ? 'raises' : 'lowers') + (t.known ? '' : ' unknown'));
      span.setAttribute('data-attribution', String(a));
      span.title = a.toFixed(4) + (t.known ? '' : ' (unknown word)');
      span.style.backgroundColor = rgba(a >= 0 ? RAISES : LOWERS, scale > 0 ? Math.abs(a) / scale : 0);
      tokens.appendChild(span);
      tokens.appendChild(document.createTextNode(' '));
    });
    result.appendChild(tokens);
    var legend = element('p', undefined, 'legend hint');
    legend.id = 'legend';
    var raises = element('span', 'blue', 'swatch');
    raises.style.backgroundColor = rgba(RAISES, 0.6);
    var lowers = element('span', 'red', 'swatch');
    lowers.style.backgroundColor = rgba(LOWERS, 0.6);
    legend.appendChild(raises);
    legend.appendChild(document.createTextNode(' raises the probability of \u2018' + body.label + '\u2019, '));
    legend.appendChild(lowers);
    legend.appendChild(document.createTextNode(' lowers it; the stronger the colour, the larger the token\u2019s share.'
        + ' Explained: ' + body.explained + '.'));
    result.appendChild(legend);
    var method = { ig: 'integrated gradients, ' + body.steps + ' steps', occlusion: 'occlusion',
      gradxinput: 'gradient \u00d7 input' }[body.method] || body.method;
    var check = element('p', method + (body.completeness
        ? ': attributions sum to ' + body.completeness.sum.toFixed(4) + ', output change '
          + body.completeness.change.toFixed(4) + ' (gap ' + (100 * body.completeness.relative_gap).toFixed(2) + ' %)'
        : ''), 'hint');
    check.id = 'completeness';
    result.appendChild(check);
  }

  function post(path, model, request) {
    return fetch(path + encodeURIComponent(model.name), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request)
    }).then(readJson);
  }

  function predict(event) {
    event.preventDefault();
    var model = models[select.value];
    if (!model) { return; }
    clear(result);
    result.removeAttribute('data-done');
    error.textContent = '';
    var request;
    try {
      request = model.task === 'forecast' ? parseSeries(input.value)
        : model.task === 'language-model' ? generationRequest() : { text: input.value };
    } catch (e) {
      error.textContent = e.message;
      return;
    }
    var explain = model.explains && document.getElementById('explain').checked;
    post('/predictions/', model, request).then(function (body) {
      if (model.task === 'forecast') {
        showForecast(request, body);
      } else if (model.task === 'language-model') {
        showGeneration(body);
      } else if (model.task === 'translation') {
        showTranslation(body);
      } else {
        showClassification(body);
      }
      return explain ? post('/explanations/', model, { text: input.value }).then(showAttributions) : null;
    }).then(function () {
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
