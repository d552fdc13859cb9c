// Starts the pages: data from the bundle's scripts when there are some, else from the server that sent the page.
import { render } from 'preact';
import { App } from './app.js';
import { bundleData, bundleSource } from './bundle-source.js';
import { serverSource } from './server-source.js';

const bundle = bundleData();
const root = document.getElementById('app');
if (root !== null) {
  root.textContent = '';
  render(<App source={bundle === null ? serverSource() : bundleSource(bundle)} />, root);
}
