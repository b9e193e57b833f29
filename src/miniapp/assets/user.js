// user screens: registered with App.register (see app.js).
"use strict";
