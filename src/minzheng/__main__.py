from minzheng.cli import main

raise SystemExit(main())
