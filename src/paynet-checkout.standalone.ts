/**
 * The script-tag build's entry: registers `<paynet-checkout>` and exports nothing, so what a
 * page with one `<script type="module">` never imports (the event classes, the amount helpers)
 * ships in the runtime chunk that uses it rather than in the first script. An app that wants
 * them imports the ES build, `paynet-checkout`.
 */
import './paynet-checkout.js';
