import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../src/rules/kubernetes/unrendered-template.js';
import invalid from '../../../src/rules/kubernetes/invalid-manifest.js';
import { lines, run } from './helpers.js';

test('fires on the first Helm expression, even when the template happens to parse as YAML', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    chart: "{{ .Chart.Name }}"\n';
  assert.deepEqual(lines(rule, text), [6]);
  assert.match(run(rule, text)[0]!.message, /helm template/);
});

test('a template that does not parse is one template finding, not YAML errors', () => {
  const text = '{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "app.fullname" . }}\n{{- end }}\n';
  assert.deepEqual(lines(rule, text), [1]);
  assert.deepEqual(run(invalid, text), []);
});

test('does not fire on Go-template text that is data in rendered manifests', () => {
  const text = 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: Down\n          annotations:\n            summary: "{{ $labels.instance }} is down"\n';
  assert.deepEqual(run(rule, text), []);
  assert.deepEqual(run(rule, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  t: |\n    {{ range .Alerts }}{{ .Labels.alertname }}{{ end }}\n'), []);
});
